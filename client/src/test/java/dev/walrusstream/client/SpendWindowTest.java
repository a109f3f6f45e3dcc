package dev.walrusstream.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpendWindowTest {
    static final long HOUR = Duration.ofHours(1).toNanos();

    @Test
    void spendsWithinTheCapPassAndTheNextWaitsUntilTheOldestLeavesTheWindow() {
        AtomicLong now = new AtomicLong(0);
        SpendWindow w = new SpendWindow(100, Duration.ofHours(1), now::get);
        assertEquals(Duration.ZERO, w.waitFor(60));
        reserve(w, 60);
        now.set(HOUR / 2);
        reserve(w, 30);
        assertEquals(90, w.spentInWindow());
        assertEquals(Duration.ofNanos(HOUR / 2), w.waitFor(20), "waits until the 60 of t=0 leave the window");
        now.set(HOUR);
        assertEquals(30, w.spentInWindow());
        assertEquals(Duration.ZERO, w.waitFor(70));
    }

    @Test
    void settlingWithTheActualCostFreesTheDifference() throws Exception {
        AtomicLong now = new AtomicLong(0);
        SpendWindow w = new SpendWindow(100, Duration.ofHours(1), now::get);
        SpendWindow.Ticket t = w.acquire(90, d -> { });
        assertTrue(w.waitFor(50).compareTo(Duration.ZERO) > 0);
        t.settle(0); // already certified: nothing was paid
        assertEquals(Duration.ZERO, w.waitFor(50));
    }

    @Test
    void aCostAboveTheCapGoesAloneInAnEmptyWindow() {
        AtomicLong now = new AtomicLong(0);
        SpendWindow w = new SpendWindow(100, Duration.ofHours(1), now::get);
        assertEquals(Duration.ZERO, w.waitFor(500), "an empty window lets it through");
        reserve(w, 500);
        now.set(10);
        assertEquals(Duration.ofNanos(HOUR - 10), w.waitFor(1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpendWindow(0, Duration.ofHours(1)))
                .getMessage().contains("0"));
    }

    @Test
    void acquireBlocksUntilTheWindowHasRoom() throws Exception {
        SpendWindow w = new SpendWindow(100, Duration.ofMillis(300));
        w.acquire(80, d -> { });
        List<Duration> waits = new ArrayList<>();
        long start = System.nanoTime();
        w.acquire(50, waits::add);
        long waited = System.nanoTime() - start;
        assertTrue(!waits.isEmpty() && waited >= Duration.ofMillis(200).toNanos(), "waited " + waited / 1_000_000 + " ms");
    }

    static void reserve(SpendWindow w, long frost) {
        try {
            w.acquire(frost, d -> {
                throw new AssertionError("should not wait for " + frost);
            });
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
