package dev.walrusstream.ingest;

import dev.walrusstream.schemas.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One upload's bytes and description: a file ({@link FileUpload}) or a stream ({@link StreamUpload}: standard
 * input, an HTTP body).
 */
public sealed interface UploadSource permits FileUpload, StreamUpload {

    /** Name recorded as {@code sourceName} (a relative path for files). */
    String sourceName();

    String contentType();

    /** Attributes specific to this upload (merged over the settings' attributes). */
    Map<String, String> attributes();

    /** Size when known before reading. */
    OptionalLong size();

    /** Opens the bytes; the caller closes the stream. */
    InputStream open() throws IOException;
}
