package dev.walrusstream.ingest;

import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.schemas.DefaultTopics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How uploads are cut and produced. Build with {@link #builder()}; every limit is checked and named.
 *
 * @param topic            the chunk topic (default {@value DefaultTopics#CHUNKS})
 * @param chunkSize        bytes per chunk, {@value #MIN_CHUNK_SIZE}..{@value #MAX_CHUNK_SIZE} (default 512 KiB,
 *                         which fits Kafka's stock 1 MiB {@code max.message.bytes})
 * @param dataset          dataset name, or null
 * @param datasetVersion   dataset version, or null (given together with {@code dataset})
 * @param attributes       attributes put on every upload (recognised formats add theirs)
 * @param compression      producer compression: none, gzip, snappy, lz4 (default) or zstd
 * @param bufferBytes      producer buffer: sends block when this much is waiting for the broker (backpressure)
 * @param producerOverrides further producer properties, applied last (acks and idempotence cannot be weakened)
 */
public record IngestSettings(String topic, int chunkSize, String dataset, String datasetVersion,
                             Map<String, String> attributes, String compression, long bufferBytes,
                             Map<String, String> producerOverrides) {

    public static final int MIN_CHUNK_SIZE = 1024;
    public static final int MAX_CHUNK_SIZE = 8 * 1024 * 1024;
    public static final int DEFAULT_CHUNK_SIZE = 512 * 1024;
    public static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;
    public static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final Set<String> PROTECTED = Set.of("acks", "enable.idempotence", "key.serializer",
            "value.serializer");

    public IngestSettings {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic is blank");
        }
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be " + ByteSize.format(MIN_CHUNK_SIZE) + " to "
                    + ByteSize.format(MAX_CHUNK_SIZE) + ", got " + chunkSize + " bytes");
        }
        if ((dataset == null) != (datasetVersion == null)) {
            throw new IllegalArgumentException("dataset and dataset version go together; got dataset=" + dataset
                    + ", version=" + datasetVersion);
        }
        attributes = Map.copyOf(attributes);
        compression = compression.toLowerCase(Locale.ROOT);
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException("compression must be one of " + COMPRESSIONS + ", got '"
                    + compression + "'");
        }
        if (bufferBytes < 4L * chunkSize) {
            throw new IllegalArgumentException("producer buffer (" + bufferBytes + " bytes) must hold at least 4"
                    + " chunks of " + chunkSize + " bytes");
        }
        for (String k : producerOverrides.keySet()) {
            if (PROTECTED.contains(k)) {
                throw new IllegalArgumentException("producer property " + k + " cannot be overridden");
            }
        }
        producerOverrides = Map.copyOf(producerOverrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Validating builder with the documented defaults. */
    public static final class Builder {
        private String topic = DefaultTopics.CHUNKS;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private String dataset;
        private String datasetVersion;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String compression = "lz4";
        private long bufferBytes = DEFAULT_BUFFER_BYTES;
        private final Map<String, String> producerOverrides = new LinkedHashMap<>();

        public Builder topic(String t) {
            topic = t;
            return this;
        }

        public Builder chunkSize(long bytes) {
            if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunk size must be " + ByteSize.format(MIN_CHUNK_SIZE) + " to "
                        + ByteSize.format(MAX_CHUNK_SIZE) + ", got " + bytes + " bytes");
            }
            chunkSize = (int) bytes;
            return this;
        }

        public Builder dataset(String name, String version) {
            dataset = name;
            datasetVersion = version;
            return this;
        }

        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder compression(String c) {
            compression = c;
            return this;
        }

        public Builder bufferBytes(long b) {
            bufferBytes = b;
            return this;
        }

        public Builder producerProperty(String key, String value) {
            producerOverrides.put(key, value);
            return this;
        }

        public IngestSettings build() {
            return new IngestSettings(topic, chunkSize, dataset, datasetVersion, attributes, compression,
                    bufferBytes, producerOverrides);
        }
    }
}
