package dev.walrusstream.sui.rpc;

import io.grpc.Status;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Retries of transient gRPC failures with exponential backoff and jitter. Only codes that mean
 * "try again" are retried; a refused transaction (INVALID_ARGUMENT, FAILED_PRECONDITION, ...) never
 * is. Re-sending a signed transaction is safe: Sui identifies it by digest.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Set<Status.Code> retryable) {
    public static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.DEADLINE_EXCEEDED);

    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), TRANSIENT);
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Set.of());

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be 1..100, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial (" + initialBackoff + ") <= max ("
                    + maxBackoff + ")");
        }
        retryable = retryable.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryable));
    }

    public boolean isRetryable(Status.Code code) {
        return retryable.contains(code);
    }

    /** Backoff before attempt {@code attempt + 1} (attempt counts from 1), with ±20 % jitter. */
    public Duration backoff(int attempt, double random01) {
        double base = initialBackoff.toMillis() * Math.pow(2, attempt - 1);
        double capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.8 + 0.4 * random01)));
    }
}
