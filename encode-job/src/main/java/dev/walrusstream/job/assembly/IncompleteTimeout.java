package dev.walrusstream.job.assembly;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When an upload whose last chunk has not arrived counts as incomplete ({@code upload.incomplete-timeout}).
 *
 * <p>The timeout only runs while the job reads. A timer restored from a checkpoint after an outage
 * (a task manager crash, a restart, a stack stopped overnight) is usually already due when the job
 * comes back, but the chunks that followed the checkpoint are still on the topic and are about to be
 * read again: expiring the upload then would dead-letter an upload that is whole (it did so, and
 * {@code IncompleteUploadRestoreIT} reproduces it). So after a (re)start every upload gets the full
 * timeout again, counted from this task's first callback (the start, or its first restored timer)
 * and, once chunks flow, from the first element it receives. In steady operation nothing changes:
 * a timer set by a chunk is due later than both.
 *
 * <p>Plain service on the operator's processing-time clock; one per subtask, not checkpointed.
 */
public final class IncompleteTimeout {
    private final long timeoutMillis;
    private final long startedAt;
    private long firstInputAt = -1;

    /**
     * @param timeout   the configured timeout, positive
     * @param startedAt processing time (ms) of this task's first callback since it (re)started
     */
    public IncompleteTimeout(Duration timeout, long startedAt) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("upload.incomplete-timeout must be positive, got " + timeout);
        }
        this.timeoutMillis = timeout.toMillis();
        this.startedAt = startedAt;
    }

    /** The deadline a chunk that arrives at {@code now} sets for its upload. */
    public long deadline(long now) {
        return now + timeoutMillis;
    }

    /** This task received an element at {@code now}. */
    public void input(long now) {
        if (firstInputAt < 0) {
            firstInputAt = now;
        }
    }

    /**
     * An upload's timer fired at {@code now}: empty if the upload is incomplete, else the time to look
     * again (the timer was due during an outage and the job has not read for a full timeout since).
     */
    public OptionalLong deferral(long now) {
        long grace = startedAt + timeoutMillis;
        if (firstInputAt >= 0) {
            grace = Math.max(grace, firstInputAt + timeoutMillis);
        }
        return now < grace ? OptionalLong.of(grace) : OptionalLong.empty();
    }
}
