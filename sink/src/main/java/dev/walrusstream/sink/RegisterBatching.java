package dev.walrusstream.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a sink writer gathers registrations: blobs ready to register within {@code maxWait} of the
 * first one go into one chain transaction ({@code Chain.registerBlobs}), at most {@code maxBlobs} of
 * them (and never more than the writer has in flight). {@code maxBlobs} 1 registers every blob in
 * its own transaction.
 */
public record RegisterBatching(int maxBlobs, Duration maxWait) implements Serializable {
    /** The most blobs one registration transaction holds (two commands each, far below Sui's limits). */
    public static final int MAX_BLOBS = 256;
    public static final RegisterBatching DEFAULTS = new RegisterBatching(8, Duration.ofMillis(200));
    /** One transaction per blob. */
    public static final RegisterBatching NONE = new RegisterBatching(1, Duration.ZERO);

    public RegisterBatching {
        if (maxBlobs < 1 || maxBlobs > MAX_BLOBS) {
            throw new IllegalArgumentException("sink.register-batch.max-blobs must be between 1 and " + MAX_BLOBS
                    + ", got " + maxBlobs);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("sink.register-batch.max-wait must be between 0 and 60s, got " + maxWait);
        }
    }
}
