package dev.walrusstream.sink.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the sink is paused on a job-level refusal (no WAL, no gas, a refused key) or on storage
 * that stays unreachable, since when, why and what to do about it. Store threads report
 * {@link #paused} on every failed retry and {@link #resumed} on success; the log says what is wrong
 * once a minute at most, and the gauges read {@link #isPaused} and {@link #secondsPaused}.
 * Thread-safe.
 */
public final class PauseState {
    private static final System.Logger LOG = System.getLogger(PauseState.class.getName());
    private static final long LOG_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();

    private final LongSupplier clock;
    private long pausedSince = -1;
    private long lastLogged = Long.MIN_VALUE / 2;
    private long pausedMillisBefore;
    private String reason = "";
    private String howToFix = "";
    private long pauses;

    public PauseState() {
        this(System::currentTimeMillis);
    }

    public PauseState(LongSupplier clock) {
        this.clock = clock;
    }

    /** The sink cannot go on because of {@code reason}; {@code howToFix} tells the operator what to change. */
    public synchronized void paused(String reason, String howToFix) {
        long now = clock.getAsLong();
        if (pausedSince < 0) {
            pausedSince = now;
            pauses++;
        }
        this.reason = reason;
        this.howToFix = howToFix;
        if (now - lastLogged >= LOG_EVERY_MILLIS) {
            lastLogged = now;
            LOG.log(System.Logger.Level.ERROR, "Walrus sink PAUSED for " + (now - pausedSince) / 1000 + " s, nothing is lost and it"
                    + " resumes by itself once fixed: " + reason + (howToFix.isEmpty() ? "" : ". To fix: " + howToFix));
        }
    }

    /** A store step succeeded: the pause, if any, is over. */
    public synchronized void resumed() {
        if (pausedSince >= 0) {
            long now = clock.getAsLong();
            pausedMillisBefore += now - pausedSince;
            LOG.log(System.Logger.Level.WARNING, "Walrus sink resumed after " + (now - pausedSince) / 1000 + " s paused ("
                    + reason + ")");
            pausedSince = -1;
            lastLogged = Long.MIN_VALUE / 2;
        }
    }

    public synchronized boolean isPaused() {
        return pausedSince >= 0;
    }

    /** Seconds spent paused since the sink started, the current pause included. */
    public synchronized long secondsPaused() {
        long current = pausedSince >= 0 ? clock.getAsLong() - pausedSince : 0;
        return (pausedMillisBefore + current) / 1000;
    }

    /** How many separate pauses began. */
    public synchronized long pauses() {
        return pauses;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized String howToFix() {
        return howToFix;
    }
}
