package dev.walrusstream.node;

import java.time.Duration;

/**
 * A storage node's explicit limits. {@code maxSliverBodyBytes} = 0 means the largest sliver the
 * committee's shard count allows (n_s × 65534 bytes plus its BCS framing); metadata bodies are
 * always limited to the exact size of n-shard metadata.
 *
 * @param pendingCacheBytes            memory for uploads sent with {@code ?pending=true} before registration
 * @param pendingTtl                   how long such uploads wait for their registration
 * @param maxSymbolsPerRequest         recovery symbols one request may ask for
 * @param maxConcurrentSymbolRequests  recovery-symbol requests served at once (more get 503)
 * @param maxConfirmationWait          the longest {@code wait_for_registration} a confirmation request may wait
 * @param recoveryDelay                how long after a certification the node waits for uploads before recovering
 * @param recoverySweepInterval        how often the node checks all certified blobs for missing slivers
 */
public record NodeLimits(long maxSliverBodyBytes, long pendingCacheBytes, Duration pendingTtl, int maxSymbolsPerRequest,
                         int maxConcurrentSymbolRequests, Duration maxConfirmationWait, Duration recoveryDelay,
                         Duration recoverySweepInterval) {

    public static final NodeLimits DEFAULTS = new NodeLimits(0, 256L << 20, Duration.ofSeconds(60), 20_000, 8,
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60));

    public NodeLimits {
        if (maxSliverBodyBytes < 0 || pendingCacheBytes < 0 || maxSymbolsPerRequest < 1 || maxConcurrentSymbolRequests < 1) {
            throw new IllegalArgumentException("node limits must be positive: " + maxSliverBodyBytes + ", "
                    + pendingCacheBytes + ", " + maxSymbolsPerRequest + ", " + maxConcurrentSymbolRequests);
        }
    }

    public NodeLimits withMaxSliverBodyBytes(long bytes) {
        return new NodeLimits(bytes, pendingCacheBytes, pendingTtl, maxSymbolsPerRequest, maxConcurrentSymbolRequests,
                maxConfirmationWait, recoveryDelay, recoverySweepInterval);
    }

    public NodeLimits withRecovery(Duration delay, Duration sweep) {
        return new NodeLimits(maxSliverBodyBytes, pendingCacheBytes, pendingTtl, maxSymbolsPerRequest,
                maxConcurrentSymbolRequests, maxConfirmationWait, delay, sweep);
    }

    public NodeLimits withPendingCache(long bytes, Duration ttl) {
        return new NodeLimits(maxSliverBodyBytes, bytes, ttl, maxSymbolsPerRequest, maxConcurrentSymbolRequests,
                maxConfirmationWait, recoveryDelay, recoverySweepInterval);
    }
}
