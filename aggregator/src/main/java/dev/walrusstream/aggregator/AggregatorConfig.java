package dev.walrusstream.aggregator;

import java.time.Duration;

/**
 * How an aggregator serves: where it listens, how many reads run at once ({@code maxConcurrentReads};
 * others wait up to {@code queueWait}, then get 503 with Retry-After), the streaming window (the most
 * bytes one request holds at a time, besides the slivers covering it), and the decoded-segment cache
 * bound. Worst-case memory: maxConcurrentReads × (window + 2 rows) + cacheBytes.
 *
 * <p>{@code keySource} is a key-source spec ({@code file:PATH}, {@code env:NAME},
 * {@code pkcs12:PATH?...}, {@code kms:NAME}; docs/encryption.md) with which the aggregator opens
 * client-side encrypted blobs, quilts and dataset files and serves their plaintext; null when it holds
 * no key (encrypted blobs are then served as stored, marked by headers; encrypted quilt patches and
 * dataset files are refused with 403 naming the key ID). The spec, never the key, is in the config.
 */
public record AggregatorConfig(String host, int port, int maxConcurrentReads, Duration queueWait, int windowBytes,
                               long cacheBytes, Duration retryAfter, String keySource) {
    public static final AggregatorConfig DEFAULTS = new AggregatorConfig("127.0.0.1", 31415, 16, Duration.ofSeconds(10),
            8 << 20, 256L << 20, Duration.ofSeconds(5), null);

    /** A configuration without a key source. */
    public AggregatorConfig(String host, int port, int maxConcurrentReads, Duration queueWait, int windowBytes,
                            long cacheBytes, Duration retryAfter) {
        this(host, port, maxConcurrentReads, queueWait, windowBytes, cacheBytes, retryAfter, null);
    }

    public AggregatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("aggregator bind host must be given, got '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("aggregator port must be 0..65535, got " + port);
        }
        if (maxConcurrentReads < 1) {
            throw new IllegalArgumentException("aggregator max concurrent reads must be at least 1, got " + maxConcurrentReads);
        }
        if (windowBytes < 4096) {
            throw new IllegalArgumentException("aggregator window must be at least 4096 bytes, got " + windowBytes);
        }
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("aggregator cache bound must not be negative, got " + cacheBytes);
        }
        if (keySource != null && keySource.isBlank()) {
            throw new IllegalArgumentException("aggregator key source must be a spec such as file:PATH, got '" + keySource
                    + "' (leave it unset for an aggregator without a key)");
        }
    }

    public AggregatorConfig withAddress(String host, int port) {
        return new AggregatorConfig(host, port, maxConcurrentReads, queueWait, windowBytes, cacheBytes, retryAfter,
                keySource);
    }

    public AggregatorConfig withLimits(int maxConcurrentReads, Duration queueWait, long cacheBytes) {
        return new AggregatorConfig(host, port, maxConcurrentReads, queueWait, windowBytes, cacheBytes, retryAfter,
                keySource);
    }

    /** The same configuration decrypting with the key source {@code spec} (null: no key). */
    public AggregatorConfig withKeySource(String spec) {
        return new AggregatorConfig(host, port, maxConcurrentReads, queueWait, windowBytes, cacheBytes, retryAfter, spec);
    }
}
