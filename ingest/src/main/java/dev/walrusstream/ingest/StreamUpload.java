package dev.walrusstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream read once: standard input or a request body.
 *
 * @param stream      the bytes (not closed by the uploader: the owner closes it)
 * @param sourceName  its name in the upload
 * @param contentType MIME type
 * @param attributes  attributes for this upload
 * @param knownSize   size when announced (for example by Content-Length), else empty
 */
public record StreamUpload(InputStream stream, String sourceName, String contentType, Map<String, String> attributes,
                           OptionalLong knownSize, AtomicBoolean opened) implements UploadSource {
    public StreamUpload {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(contentType, "contentType");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(knownSize, "knownSize");
    }

    public static StreamUpload of(InputStream stream, String sourceName, String contentType,
                                  Map<String, String> attributes, OptionalLong knownSize) {
        return new StreamUpload(stream, sourceName, contentType, attributes, knownSize, new AtomicBoolean());
    }

    @Override
    public OptionalLong size() {
        return knownSize;
    }

    /** The stream itself, wrapped so that the uploader's close does not close it. Only once. */
    @Override
    public InputStream open() throws IOException {
        if (opened.getAndSet(true)) {
            throw new UncheckedIOException(new IOException("stream " + sourceName + " can be read only once"));
        }
        return new java.io.FilterInputStream(stream) {
            @Override
            public void close() {
                // the owner closes the underlying stream
            }
        };
    }
}
