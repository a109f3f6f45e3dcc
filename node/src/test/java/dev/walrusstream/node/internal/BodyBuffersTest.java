package dev.walrusstream.node.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reused batch bodies: the smallest array that fits, bounded count and size, no sharing of an array out. */
class BodyBuffersTest {
    @Test
    void reusesTheSmallestArrayThatFits() {
        BodyBuffers pool = new BodyBuffers(4, 4 << 20);
        byte[] small = pool.take(100);
        assertEquals(BodyBuffers.GRAIN, small.length, "sizes are rounded up to the grain");
        byte[] large = pool.take(3 * BodyBuffers.GRAIN + 1);
        assertEquals(4 * BodyBuffers.GRAIN, large.length);
        pool.give(large);
        pool.give(small);
        assertSame(small, pool.take(BodyBuffers.GRAIN), "the smallest that fits");
        assertSame(large, pool.take(BodyBuffers.GRAIN), "the next that fits");
        assertEquals(0, pool.pooled());
    }

    @Test
    void anArrayIsHandedOutOnceUntilGivenBack() {
        BodyBuffers pool = new BodyBuffers(4, 4 << 20);
        byte[] a = pool.take(1000);
        byte[] b = pool.take(1000);
        assertNotSame(a, b);
        pool.give(a);
        assertSame(a, pool.take(10));
        assertNotSame(a, pool.take(10));
    }

    @Test
    void keepsAtMostItsCountAndNothingLargerThanItsLimit() {
        BodyBuffers pool = new BodyBuffers(2, 1 << 20);
        byte[] huge = pool.take((1 << 20) + 1);
        assertEquals((1 << 20) + 1, huge.length, "a body above the limit gets an array of exactly its size");
        pool.give(huge);
        assertEquals(0, pool.pooled());
        for (int i = 0; i < 5; i++) {
            pool.give(new byte[1000]);
        }
        assertEquals(2, pool.pooled());
        assertTrue(pool.take(0).length >= 0);
        assertThrows(IllegalArgumentException.class, () -> pool.take(-1));
    }
}
