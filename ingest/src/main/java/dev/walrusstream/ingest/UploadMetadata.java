package dev.walrusstream.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * The descriptive fields every chunk of an upload repeats.
 *
 * @param sourceName     name of the upload
 * @param contentType    MIME type
 * @param dataset        dataset or null
 * @param datasetVersion dataset version or null
 * @param attributes     attributes
 */
public record UploadMetadata(String sourceName, String contentType, String dataset, String datasetVersion,
                             Map<String, String> attributes) {
    public UploadMetadata {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(contentType, "contentType");
        attributes = Map.copyOf(attributes);
    }
}
