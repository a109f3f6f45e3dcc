package dev.walrusstream.sink.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: attempt k waits a random time between half and all of
 * {@code min(max, initial · 2^(k−1))}, so many writers retrying at once do not hit a node together.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial " + initial + " and max " + max);
        }
    }

    public Duration delay(int attempt) {
        long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20));
        long half = cap / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(cap - half + 1));
    }
}
