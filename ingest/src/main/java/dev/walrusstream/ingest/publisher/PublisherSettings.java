package dev.walrusstream.ingest.publisher;

import dev.walrusstream.codec.text.ByteSize;

import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP publisher's settings.
 *
 * @param bindAddress      interface to listen on (default 127.0.0.1)
 * @param port             port; 0 = a free one (default {@value #DEFAULT_PORT}, the Walrus publisher's)
 * @param maxBodyBytes     largest accepted body; larger ones get 413 (default 10 MiB, as Walrus's publisher)
 * @param maxConcurrent    requests handled at once; more wait (default 8)
 * @param ackTimeout       how long a request waits for Kafka to acknowledge its chunks
 */
public record PublisherSettings(String bindAddress, int port, long maxBodyBytes, int maxConcurrent,
                                Duration ackTimeout) {
    public static final int DEFAULT_PORT = 31415;
    public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;
    /** The largest --max-body accepted. */
    public static final long MAX_BODY_LIMIT = 64L * 1024 * 1024 * 1024;

    public PublisherSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("max body must be 1 B to " + ByteSize.format(MAX_BODY_LIMIT)
                    + ", got " + maxBodyBytes + " bytes");
        }
        if (maxConcurrent < 1 || maxConcurrent > 1024) {
            throw new IllegalArgumentException("max concurrent requests must be 1..1024, got " + maxConcurrent);
        }
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ack timeout must be positive, got " + ackTimeout);
        }
    }

    public static PublisherSettings defaults() {
        return new PublisherSettings("127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY, 8, Duration.ofMinutes(2));
    }

    public PublisherSettings withPort(int p) {
        return new PublisherSettings(bindAddress, p, maxBodyBytes, maxConcurrent, ackTimeout);
    }

    public PublisherSettings withMaxBody(long bytes) {
        return new PublisherSettings(bindAddress, port, bytes, maxConcurrent, ackTimeout);
    }

    public PublisherSettings withBindAddress(String address) {
        return new PublisherSettings(address, port, maxBodyBytes, maxConcurrent, ackTimeout);
    }
}
