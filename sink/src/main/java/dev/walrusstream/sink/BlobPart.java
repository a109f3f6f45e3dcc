package dev.walrusstream.sink;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One receipt's worth of a blob: a segment of an upload (a blob of its own), or an upload packed as
 * a quilt patch. Carries what the receipt needs: the upload, where its chunks were read on Kafka,
 * its size and SHA-256, and for patches the identifier and column range.
 *
 * <p>Immutable and validated on construction (every path: {@link #builder()}, {@link #toBuilder()}
 * and the state codecs), so a part in a committable or in keyed state is always well formed. Its
 * binary form is {@code serde.BlobPartCodec}. Two parts are equal when they name the same segment or
 * patch of the same upload.
 *
 * @param uploadId       the upload, never blank
 * @param segment        0-based index of this blob among the upload's blobs
 * @param segments       number of blobs of the upload, or 0 while more segments may follow
 * @param attributes     the upload's attributes (an unmodifiable copy, in the given order)
 * @param identifier     quilt patch identifier, or null for a segment
 * @param startColumn    first quilt column of the patch, or -1 (a segment, or a patch not yet placed)
 * @param endColumn      end (exclusive) of the patch's columns, or -1
 * @param sha256         the bytes' SHA-256 (32 bytes), or null when not known
 * @param partition      the Kafka partition its chunks were read from, with the offsets of the first
 *                       and last; -1 and -1..-1 for a part not read from Kafka (a manifest)
 */
public record BlobPart(String uploadId, int segment, int segments, String sourceName, String contentType,
                       String dataset, String datasetVersion, Map<String, String> attributes, String identifier,
                       int startColumn, int endColumn, long size, byte[] sha256, String topic, int partition,
                       long firstOffset, long lastOffset) {

    public BlobPart {
        String where = "blob part (upload " + uploadId + ", segment " + segment
                + (identifier == null ? "" : ", patch " + identifier) + ")";
        if (uploadId == null || uploadId.isBlank()) {
            throw new IllegalArgumentException(where + ": the upload id must not be blank, got '" + uploadId + "'");
        }
        if (segment < 0 || segments < 0 || (segments > 0 && segment >= segments)) {
            throw new IllegalArgumentException(where + ": segment " + segment + " of " + segments
                    + " (segments is 0 while unknown, else more than the segment index)");
        }
        if (identifier == null ? startColumn != -1 || endColumn != -1
                : !(startColumn == -1 && endColumn == -1) && (startColumn < 0 || endColumn <= startColumn)) {
            throw new IllegalArgumentException(where + ": columns [" + startColumn + ", " + endColumn + ") are not "
                    + (identifier == null ? "-1 for a segment" : "-1 (not placed) or a non-empty range from 0"));
        }
        if (size < 0) {
            throw new IllegalArgumentException(where + ": size " + size + " is negative");
        }
        if (sha256 != null && sha256.length != 32) {
            throw new IllegalArgumentException(where + ": a SHA-256 has 32 bytes, got " + sha256.length);
        }
        boolean notFromKafka = partition == -1 && firstOffset == -1 && lastOffset == -1;
        if (!notFromKafka && (partition < 0 || firstOffset < 0 || lastOffset < firstOffset)) {
            throw new IllegalArgumentException(where + ": partition " + partition + " offsets " + firstOffset + ".."
                    + lastOffset + " are not a Kafka position (nor -1, -1..-1 for a part not read from Kafka)");
        }
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        sha256 = sha256 == null ? null : sha256.clone();
    }

    /** The SHA-256 (a copy), or null. */
    @Override
    public byte[] sha256() {
        return sha256 == null ? null : sha256.clone();
    }

    public boolean isPatch() {
        return identifier != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this part's values, to derive another part (a patch placed in its quilt, ...). */
    public Builder toBuilder() {
        return new Builder().uploadId(uploadId).segment(segment).segments(segments).sourceName(sourceName)
                .contentType(contentType).dataset(dataset).datasetVersion(datasetVersion).attributes(attributes)
                .identifier(identifier).columns(startColumn, endColumn).size(size).sha256(sha256)
                .source(topic, partition, firstOffset, lastOffset);
    }

    /** Builds a {@link BlobPart}; {@link #build} validates (see the record's constructor). */
    public static final class Builder {
        private String uploadId;
        private int segment;
        private int segments;
        private String sourceName;
        private String contentType;
        private String dataset;
        private String datasetVersion;
        private Map<String, String> attributes = Map.of();
        private String identifier;
        private int startColumn = -1;
        private int endColumn = -1;
        private long size;
        private byte[] sha256;
        private String topic;
        private int partition;
        private long firstOffset;
        private long lastOffset;

        private Builder() {
        }

        public Builder uploadId(String uploadId) {
            this.uploadId = uploadId;
            return this;
        }

        public Builder segment(int segment) {
            this.segment = segment;
            return this;
        }

        public Builder segments(int segments) {
            this.segments = segments;
            return this;
        }

        public Builder sourceName(String sourceName) {
            this.sourceName = sourceName;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder dataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        public Builder datasetVersion(String datasetVersion) {
            this.datasetVersion = datasetVersion;
            return this;
        }

        public Builder attributes(Map<String, String> attributes) {
            this.attributes = attributes;
            return this;
        }

        /** Makes the part a quilt patch with this identifier (null: a segment). */
        public Builder identifier(String identifier) {
            this.identifier = identifier;
            return this;
        }

        /** The patch's quilt columns [start, end), or -1, -1. */
        public Builder columns(int start, int end) {
            this.startColumn = start;
            this.endColumn = end;
            return this;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder sha256(byte[] sha256) {
            this.sha256 = sha256;
            return this;
        }

        public Builder startColumn(int start) {
            this.startColumn = start;
            return this;
        }

        public Builder endColumn(int end) {
            this.endColumn = end;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder partition(int partition) {
            this.partition = partition;
            return this;
        }

        public Builder firstOffset(long offset) {
            this.firstOffset = offset;
            return this;
        }

        public Builder lastOffset(long offset) {
            this.lastOffset = offset;
            return this;
        }

        /** Where the part's chunks were read: topic, partition and the offsets of its first and last chunk. */
        public Builder source(String topic, int partition, long firstOffset, long lastOffset) {
            this.topic = topic;
            this.partition = partition;
            this.firstOffset = firstOffset;
            this.lastOffset = lastOffset;
            return this;
        }

        public BlobPart build() {
            return new BlobPart(uploadId, segment, segments, sourceName, contentType, dataset, datasetVersion, attributes,
                    identifier, startColumn, endColumn, size, sha256, topic, partition, firstOffset, lastOffset);
        }
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
        return (isPatch() ? "patch " + identifier + " of upload " + uploadId : "segment " + segment + " of upload " + uploadId)
                + (sha256 == null ? "" : " (" + size + " bytes, sha256 " + java.util.HexFormat.of().formatHex(sha256, 0, 4) + "…)");
    }

    /** Same values in every component (arrays by content); {@link #equals} compares identity only. */
    public boolean sameValues(BlobPart o) {
        return o != null && equals(o) && segments == o.segments && Objects.equals(sourceName, o.sourceName)
                && Objects.equals(contentType, o.contentType) && Objects.equals(dataset, o.dataset)
                && Objects.equals(datasetVersion, o.datasetVersion) && attributes.equals(o.attributes)
                && startColumn == o.startColumn && endColumn == o.endColumn && size == o.size
                && Arrays.equals(sha256, o.sha256) && Objects.equals(topic, o.topic) && partition == o.partition
                && firstOffset == o.firstOffset && lastOffset == o.lastOffset;
    }
}
