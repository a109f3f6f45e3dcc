package dev.walrusstream.ingest;

import java.util.Map;

/**
 * A completely produced upload: every chunk, the last one included, acknowledged by the broker.
 *
 * @param uploadId    the upload id (Kafka key)
 * @param sourceName  the source name
 * @param contentType MIME type
 * @param size        bytes
 * @param chunks      chunk count
 * @param sha256      SHA-256 of the bytes, lowercase hex
 * @param attributes  attributes as produced
 * @param topic       topic
 * @param partition   partition (one per upload)
 * @param firstOffset offset of chunk 0
 * @param lastOffset  offset of the last chunk
 */
public record UploadResult(String uploadId, String sourceName, String contentType, long size, long chunks,
                           String sha256, Map<String, String> attributes, String topic, int partition,
                           long firstOffset, long lastOffset) {
    public UploadResult {
        attributes = Map.copyOf(attributes);
    }
}
