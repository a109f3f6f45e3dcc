package dev.walrusstream.client.internal;

import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.SliverArenaPool;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upload's hold on pooled slivers: released once, and later after a failed upload. */
class SliverHoldTest {
    private final SliverArenaPool pool = new SliverArenaPool(RedStuff.create(), 1);

    private EncodedBlob blob() {
        return pool.encode(RedStuffParams.of(10), new byte[5000], 0, 5000);
    }

    @Test
    void aHoldIsLetGoExactlyOnce() {
        EncodedBlob blob = blob();
        SliverHold hold = SliverHold.take(blob);
        blob.release(); // the caller
        assertEquals(1, pool.lent(), "the hold keeps it");
        hold.release(false);
        hold.release(false); // the task's completion after storeOnNode let go: nothing more
        assertEquals(0, pool.lent());
        assertEquals(1, pool.idle());
    }

    @Test
    void afterAFailedUploadTheSliversStayHeldAWhile() throws InterruptedException {
        EncodedBlob blob = blob();
        SliverHold hold = SliverHold.take(blob);
        blob.release();
        long t0 = System.nanoTime();
        hold.release(true);
        assertFalse(pool.awaitReleased(Duration.ofMillis(200)), "a request may still be sending the arrays");
        assertTrue(pool.awaitReleased(Duration.ofSeconds(10)), "released after the grace period");
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waitedMs >= SliverHold.AFTER_FAILURE_MS - 50, "held " + waitedMs + " ms");
    }

    @Test
    void confirmationsOnlyHoldNothing() {
        SliverHold hold = SliverHold.take(null);
        hold.release(true);
        hold.release(false);
        assertEquals(0, pool.created());
    }
}
