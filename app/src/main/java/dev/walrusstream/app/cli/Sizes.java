package dev.walrusstream.app.cli;

import dev.walrusstream.codec.text.ByteSize;
import java.util.Locale;

/** WAL amounts as the Walrus CLI prints them (byte sizes: {@link dev.walrusstream.codec.text.ByteSize}). */
final class Sizes {
    private Sizes() {
    }

    /** FROST (10⁻⁹ WAL) as WAL. */
    static String wal(long frost) {
        return String.format(Locale.ROOT, "%.4f WAL", frost / 1e9);
    }
}
