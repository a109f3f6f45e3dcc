package dev.walrusstream.codec.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verification scratch pool: sets come back for reuse, and its count and byte bounds hold. */
class RootsScratchTest {

    /** Empties the pool (other tests in this JVM may have left sets in it). */
    private static void drain() {
        while (RootsScratch.idle() > 0) {
            RootsScratch.take();
        }
    }

    @Test
    void aReturnedSetIsLentAgainWithItsBuffers() {
        drain();
        RootsScratch first = RootsScratch.take();
        byte[] parity = first.parity(1000);
        RootsScratch.give(first);
        assertEquals(1, RootsScratch.idle());
        RootsScratch again = RootsScratch.take();
        assertSame(first, again);
        assertSame(parity, again.parity(500), "a smaller request keeps the larger buffer");
        assertNotSame(again, RootsScratch.take(), "an empty pool lends a new set");
        assertEquals(0, RootsScratch.idleBytes());
    }

    @Test
    void tooLargeSetsAndSetsBeyondTheBoundsAreDropped() {
        drain();
        RootsScratch huge = RootsScratch.take();
        huge.parity((int) RootsScratch.MAX_POOLED_BYTES + 1);
        RootsScratch.give(huge);
        assertEquals(0, RootsScratch.idle(), "a set over " + RootsScratch.MAX_POOLED_BYTES + " bytes is not kept");

        List<RootsScratch> sets = new ArrayList<>();
        for (int i = 0; i < RootsScratch.MAX_IDLE + 3; i++) {
            RootsScratch s = RootsScratch.take();
            s.leaves(20 << 20);
            sets.add(s);
        }
        sets.forEach(RootsScratch::give);
        assertTrue(RootsScratch.idle() <= RootsScratch.MAX_IDLE, "idle sets: " + RootsScratch.idle());
        assertTrue(RootsScratch.idleBytes() <= RootsScratch.MAX_IDLE_BYTES, "idle bytes: " + RootsScratch.idleBytes());
        assertEquals(Math.min(RootsScratch.MAX_IDLE, RootsScratch.MAX_IDLE_BYTES / (20 << 20)), RootsScratch.idle());
        drain();
        assertEquals(0, RootsScratch.idleBytes());
    }
}
