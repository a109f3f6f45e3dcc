package dev.walrusstream.client;

import java.time.Duration;

/**
 * How the storage client talks to nodes. Request timeouts grow with the body:
 * {@code requestTimeout + bytes / minThroughputBytesPerSecond}.
 *
 * @param maxConcurrentRequests      requests in flight across all nodes
 * @param perNodeConcurrency         requests in flight to one node
 * @param requestTimeout             fixed part of every request's timeout
 * @param minThroughputBytesPerSecond slowest transfer rate tolerated before a request times out
 * @param retries                    extra attempts after a transient failure (I/O, 5xx, 429)
 * @param retryBackoff               first pause between attempts, doubled each time
 * @param confirmationWait           how long a node may wait for the registration before confirming
 * @param maxExtraUploadTime         after the quorum confirmed, the longest wait for the other nodes
 */
public record ClientOptions(int maxConcurrentRequests, int perNodeConcurrency, Duration requestTimeout,
                            long minThroughputBytesPerSecond, int retries, Duration retryBackoff,
                            Duration confirmationWait, Duration maxExtraUploadTime) {

    public static final ClientOptions DEFAULTS = new ClientOptions(64, 8, Duration.ofSeconds(10), 1 << 20, 3,
            Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(10));

    public ClientOptions {
        if (maxConcurrentRequests < 1 || perNodeConcurrency < 1 || retries < 0 || minThroughputBytesPerSecond < 1) {
            throw new IllegalArgumentException("client options must be positive: concurrency " + maxConcurrentRequests
                    + "/" + perNodeConcurrency + ", retries " + retries + ", throughput " + minThroughputBytesPerSecond);
        }
        if (requestTimeout == null || retryBackoff == null || confirmationWait == null || maxExtraUploadTime == null) {
            throw new IllegalArgumentException("client timeouts must be set");
        }
    }

    /** Timeout for a request carrying {@code bytes} bytes. */
    public Duration timeoutFor(long bytes) {
        return requestTimeout.plusMillis(bytes * 1000 / minThroughputBytesPerSecond);
    }

    public ClientOptions withRetries(int newRetries, Duration backoff) {
        return new ClientOptions(maxConcurrentRequests, perNodeConcurrency, requestTimeout, minThroughputBytesPerSecond,
                newRetries, backoff, confirmationWait, maxExtraUploadTime);
    }

    public ClientOptions withMaxExtraUploadTime(Duration extra) {
        return new ClientOptions(maxConcurrentRequests, perNodeConcurrency, requestTimeout, minThroughputBytesPerSecond,
                retries, retryBackoff, confirmationWait, extra);
    }
}
