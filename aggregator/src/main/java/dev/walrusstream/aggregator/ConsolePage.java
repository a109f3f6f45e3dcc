package dev.walrusstream.aggregator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The console page served at {@code /}: dataset versions, their files, download links and a video player. */
final class ConsolePage {
    private static final byte[] HTML = load();

    private ConsolePage() {
    }

    static byte[] html() {
        return HTML;
    }

    private static byte[] load() {
        try (InputStream in = ConsolePage.class.getResourceAsStream("console.html")) {
            if (in == null) {
                throw new IllegalStateException("console.html is missing from the aggregator's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
