package dev.walrusstream.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A cap on WAL spent per window (a job's "at most X WAL per hour"): {@link #acquire} reserves an
 * estimated cost and waits while the spends of the last window plus it would pass the cap;
 * {@link Ticket#settle} replaces the estimate with what was actually paid. A cost larger than the
 * whole cap waits for an empty window and then goes alone, so a small cap slows writes to one blob
 * per window instead of stopping them. Thread-safe.
 */
public final class SpendWindow {
    private final long capFrost;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Deque<Spend> spends = new ArrayDeque<>();

    private static final class Spend {
        final long at;
        long frost;

        Spend(long at, long frost) {
            this.at = at;
            this.frost = frost;
        }
    }

    /** A reservation; settle it with the actual cost. */
    public final class Ticket {
        private final Spend spend;

        private Ticket(Spend spend) {
            this.spend = spend;
        }

        public void settle(long actualFrost) {
            synchronized (SpendWindow.this) {
                spend.frost = Math.max(0, actualFrost);
                SpendWindow.this.notifyAll();
            }
        }
    }

    public SpendWindow(long capFrost, Duration window) {
        this(capFrost, window, System::nanoTime);
    }

    public SpendWindow(long capFrost, Duration window, LongSupplier nanoClock) {
        if (capFrost <= 0) {
            throw new IllegalArgumentException("a WAL cap must be positive, got " + capFrost + " FROST");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a spending window must be positive, got " + window);
        }
        this.capFrost = capFrost;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    public long capFrost() {
        return capFrost;
    }

    /** FROST spent (or reserved) within the last window. */
    public synchronized long spentInWindow() {
        expire(nanoClock.getAsLong());
        long sum = 0;
        for (Spend s : spends) {
            sum += s.frost;
        }
        return sum;
    }

    /** How long {@link #acquire} of {@code costFrost} would wait now (zero when it would pass at once). */
    public synchronized Duration waitFor(long costFrost) {
        long now = nanoClock.getAsLong();
        expire(now);
        long spent = 0;
        for (Spend s : spends) {
            spent += s.frost;
        }
        if (spent + costFrost <= capFrost || spends.isEmpty()) {
            return Duration.ZERO;
        }
        if (costFrost > capFrost) {
            return Duration.ofNanos(Math.max(1, spends.peekLast().at + windowNanos - now));
        }
        long remaining = spent;
        for (Spend s : spends) {
            remaining -= s.frost;
            if (remaining + costFrost <= capFrost) {
                return Duration.ofNanos(Math.max(1, s.at + windowNanos - now));
            }
        }
        return Duration.ofNanos(Math.max(1, spends.peekLast().at + windowNanos - now));
    }

    /**
     * Reserves {@code costFrost}, waiting until the window has room. {@code onWait} hears how long
     * each wait will be (for a log line or a pause state).
     */
    public Ticket acquire(long costFrost, java.util.function.Consumer<Duration> onWait) throws InterruptedException {
        synchronized (this) {
            while (true) {
                Duration wait = waitFor(costFrost);
                if (wait.isZero()) {
                    Spend s = new Spend(nanoClock.getAsLong(), costFrost);
                    spends.addLast(s);
                    return new Ticket(s);
                }
                onWait.accept(wait);
                long millis = Math.max(1, Math.min(wait.toMillis(), 1_000));
                wait(millis);
            }
        }
    }

    private void expire(long now) {
        while (!spends.isEmpty() && now - spends.peekFirst().at >= windowNanos) {
            spends.removeFirst();
        }
    }
}
