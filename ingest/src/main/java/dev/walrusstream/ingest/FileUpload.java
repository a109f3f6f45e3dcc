package dev.walrusstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A regular file.
 *
 * @param path        where it is
 * @param sourceName  its name in the upload (relative path with {@code /})
 * @param contentType MIME type
 * @param attributes  recognised attributes
 * @param expectedSize size when the upload was planned; a different size when read fails the upload
 */
public record FileUpload(Path path, String sourceName, String contentType, Map<String, String> attributes,
                         long expectedSize) implements UploadSource {
    public FileUpload {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(contentType, "contentType");
        attributes = Map.copyOf(attributes);
        if (expectedSize < 0) {
            throw new IllegalArgumentException(path + ": negative size " + expectedSize);
        }
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(expectedSize);
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }
}
