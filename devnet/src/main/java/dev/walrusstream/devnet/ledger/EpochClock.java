package dev.walrusstream.devnet.ledger;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Rule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Starts the next epoch every {@code duration} of wall-clock time, counted from the previous epoch
 * change, never while that change is still syncing shards (the ledger refuses then; the clock tries
 * again on its next tick, as Walrus's epoch change waits for {@code EpochChangeDone}). Before each
 * change it runs {@code beforeChange} (for instance the churn that moves stake). One daemon thread.
 */
public final class EpochClock implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EpochClock.class.getName());

    private final Duration duration;
    private final IntSupplier advance;
    private final Runnable beforeChange;
    private final ScheduledExecutorService timer;
    private long epochStartedNanos = System.nanoTime();
    private long stallLoggedNanos;
    private boolean prepared;

    /**
     * @param advance      starts the next epoch and returns it (throws a {@link Rule#EPOCH_CHANGE_IN_PROGRESS}
     *                     violation while the previous change syncs)
     * @param beforeChange runs once before each change that is due (may be a no-op)
     */
    public EpochClock(String name, Duration duration, IntSupplier advance, Runnable beforeChange) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("epoch duration must be positive, got " + duration);
        }
        this.duration = duration;
        this.advance = advance;
        this.beforeChange = beforeChange;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-epochs");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(20, Math.min(250, duration.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    public Duration duration() {
        return duration;
    }

    private synchronized void tick() {
        if (System.nanoTime() - epochStartedNanos < duration.toNanos()) {
            return;
        }
        try {
            if (!prepared) {
                prepared = true;
                beforeChange.run();
            }
            int epoch = advance.getAsInt();
            prepared = false;
            epochStartedNanos = System.nanoTime();
            stallLoggedNanos = 0;
            LOG.log(System.Logger.Level.INFO, () -> "epoch " + epoch + " started");
        } catch (ChainException.RuleViolation v) {
            if (v.rule() != Rule.EPOCH_CHANGE_IN_PROGRESS) {
                LOG.log(System.Logger.Level.WARNING, "epoch change refused: " + v.getMessage());
            } else {
                logStall(v);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "epoch change failed: " + e);
        }
    }

    /**
     * The next epoch is due but the current change is still syncing: says so, naming the members that have
     * not reported and their shards (in the refusal), once per epoch duration (at least 10 s) while it lasts.
     */
    private void logStall(ChainException.RuleViolation v) {
        long now = System.nanoTime();
        long every = Math.max(duration.toNanos(), Duration.ofSeconds(10).toNanos());
        if (stallLoggedNanos != 0 && now - stallLoggedNanos < every) {
            return;
        }
        stallLoggedNanos = now;
        long syncing = Duration.ofNanos(now - epochStartedNanos).toSeconds();
        LOG.log(System.Logger.Level.WARNING, "epoch change stalled: the next epoch has been due for "
                + Duration.ofNanos(now - epochStartedNanos - duration.toNanos()).toSeconds() + " s (the change started "
                + syncing + " s ago and is still syncing): " + v.getMessage());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
