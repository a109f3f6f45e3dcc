package dev.walrusstream.sink;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One receipt's worth of a blob: a segment of an upload (a blob of its own), or an upload packed as
 * a quilt patch. Carries what the receipt needs: the upload, where its chunks were read on Kafka,
 * its size and SHA-256, and for patches the identifier and column range.
 *
 * <p>A Flink POJO (public fields, no-argument constructor) so state and network use the POJO serializer.
 */
public class BlobPart {
    public String uploadId;
    /** 0-based index of this blob among the upload's blobs. */
    public int segment;
    /** Number of blobs of the upload, or 0 while more segments may follow. */
    public int segments;
    public String sourceName;
    public String contentType;
    public String dataset;
    public String datasetVersion;
    public Map<String, String> attributes = new HashMap<>();
    /** Quilt patch identifier, or null for a segment. */
    public String identifier;
    /** Quilt patch columns [startColumn, endColumn), or -1 for a segment. */
    public int startColumn = -1;
    public int endColumn = -1;
    public long size;
    public byte[] sha256;
    public String topic;
    public int partition;
    public long firstOffset;
    public long lastOffset;

    public BlobPart() {
    }

    public boolean isPatch() {
        return identifier != null;
    }

    public BlobPart copy() {
        BlobPart p = new BlobPart();
        p.uploadId = uploadId;
        p.segment = segment;
        p.segments = segments;
        p.sourceName = sourceName;
        p.contentType = contentType;
        p.dataset = dataset;
        p.datasetVersion = datasetVersion;
        p.attributes = new HashMap<>(attributes);
        p.identifier = identifier;
        p.startColumn = startColumn;
        p.endColumn = endColumn;
        p.size = size;
        p.sha256 = sha256 == null ? null : sha256.clone();
        p.topic = topic;
        p.partition = partition;
        p.firstOffset = firstOffset;
        p.lastOffset = lastOffset;
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobPart p && Objects.equals(uploadId, p.uploadId) && segment == p.segment
                && Objects.equals(identifier, p.identifier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uploadId, segment, identifier);
    }

    @Override
    public String toString() {
        return isPatch() ? "patch " + identifier + " of upload " + uploadId
                : "segment " + segment + " of upload " + uploadId;
    }
}
