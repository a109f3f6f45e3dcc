package dev.walrusstream.job.assembly;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When an upload whose last chunk has not arrived counts as incomplete ({@code upload.incomplete-timeout}).
 *
 * <p>An upload is incomplete when the input moved on without it, not merely when its timer is due:
 * <ul>
 *   <li>the chunks read from the upload's partition since then are at least the timeout newer (by
 *       their Kafka timestamps) than the upload's last chunk: its producer went on, its chunks would
 *       have come in order before those; or</li>
 *   <li>this task has read nothing for the timeout: the job is caught up and nothing is coming.</li>
 * </ul>
 * A timer that is due while the job is catching up (restored from a checkpoint after an outage: a
 * task manager crash, a restart, a stack stopped overnight) or backpressured is put off instead:
 * the upload's remaining chunks are still on the topic. Expiring then dead-lettered whole uploads
 * ({@code IncompleteUploadRestoreIT} reproduces it). In steady operation an upload whose producer
 * stopped expires after the timeout as before. The per-partition record times and the time of the
 * last input are this subtask's, not checkpointed: after a restart they start again (and the last
 * input counts from the start).
 */
public final class IncompleteTimeout {
    private final long timeoutMillis;
    private long lastInputAt;
    private final Map<String, Long> newestRecord = new HashMap<>();

    /**
     * @param timeout   the configured timeout, positive
     * @param startedAt processing time (ms) of this task's first callback since it (re)started
     */
    public IncompleteTimeout(Duration timeout, long startedAt) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("upload.incomplete-timeout must be positive, got " + timeout);
        }
        this.timeoutMillis = timeout.toMillis();
        this.lastInputAt = startedAt;
    }

    /** The deadline a chunk that arrives at {@code now} sets for its upload. */
    public long deadline(long now) {
        return now + timeoutMillis;
    }

    /** This task read, at {@code now}, a record of {@code topic}/{@code partition} stamped {@code recordTimestamp}. */
    public void input(long now, String topic, int partition, long recordTimestamp) {
        lastInputAt = Math.max(lastInputAt, now);
        newestRecord.merge(topic + "/" + partition, recordTimestamp, Math::max);
    }

    /**
     * An upload's timer fired at {@code now}: empty if the upload is incomplete, else when to look again.
     *
     * @param topic               where the upload's chunks are read
     * @param partition           their partition
     * @param lastChunkTimestamp  the Kafka timestamp of the upload's last chunk, or null when unknown
     *                            (state of an earlier build): then only silence expires it
     */
    public OptionalLong deferral(long now, String topic, int partition, Long lastChunkTimestamp) {
        if (now - lastInputAt >= timeoutMillis) {
            return OptionalLong.empty(); // nothing read for the timeout: nothing is coming
        }
        Long newest = newestRecord.get(topic + "/" + partition);
        if (lastChunkTimestamp != null && newest != null && newest - lastChunkTimestamp >= timeoutMillis) {
            return OptionalLong.empty(); // the partition moved on by the timeout without the upload
        }
        return OptionalLong.of(lastInputAt + timeoutMillis);
    }
}
