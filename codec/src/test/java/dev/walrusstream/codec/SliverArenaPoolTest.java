package dev.walrusstream.codec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Arenas lent from blob to blob: never reused while a holder remains, kept idle within a bound. */
class SliverArenaPoolTest {
    private final RedStuff codec = RedStuff.create();
    private final RedStuffParams params = RedStuffParams.of(10);

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aReleasedArenaIsReusedAndEncodesTheSameSliversAsFreshOnes() {
        SliverArenaPool pool = new SliverArenaPool(codec, 1);
        for (int i = 0; i < 4; i++) {
            byte[] data = random(50_000, i);
            EncodedBlob fresh = codec.encode(params, data, 0, data.length);
            EncodedBlob pooled = pool.encode(params, data, 0, data.length);
            assertEquals(fresh.blobId(), pooled.blobId());
            for (int p = 0; p < params.nShards(); p++) {
                assertArrayEquals(fresh.primarySliver(p).data(), pooled.primarySliver(p).data());
                assertArrayEquals(fresh.secondarySliver(p).data(), pooled.secondarySliver(p).data());
            }
            assertEquals(0, pool.idle(), "lent out");
            pooled.release();
            assertEquals(1, pool.idle(), "back after the last release");
        }
        assertEquals(1, pool.created(), "four blobs of one shape, one arena");
        assertTrue(pool.idleBytes() > 3 * 50_000, "it keeps the slivers' buffers: " + pool.idleBytes());
    }

    @Test
    void aBlobStillHeldKeepsItsArenaOutOfReach() throws InterruptedException {
        SliverArenaPool pool = new SliverArenaPool(codec, 2);
        byte[] a = random(30_000, 1);
        byte[] b = random(30_000, 2);
        EncodedBlob first = pool.encode(params, a, 0, a.length);
        byte[] expected = first.primarySliver(3).data().clone();
        first.retain(); // a slow upload still reads it
        first.release(); // the caller is done
        assertEquals(1, pool.lent(), "still held by the upload");
        assertTrue(!pool.awaitReleased(java.time.Duration.ofMillis(1)));
        EncodedBlob second = pool.encode(params, b, 0, b.length);
        assertEquals(2, pool.created(), "the held arena was not lent again");
        assertArrayEquals(expected, first.primarySliver(3).data(), "the held slivers are intact");
        first.release(); // the upload ends
        second.release();
        assertTrue(pool.awaitReleased(java.time.Duration.ZERO));
        assertEquals(0, pool.lent());
        assertEquals(2, pool.idle());
        EncodedBlob third = pool.encode(params, a, 0, a.length);
        assertEquals(2, pool.created(), "an idle arena of the same shape is reused");
        assertThrows(IllegalStateException.class, () -> first.primarySliver(3),
                "a blob whose arena was encoded into again gives no slivers");
        third.release();
    }

    @Test
    void holdsAreCountedExactly() {
        SliverArenaPool pool = new SliverArenaPool(codec, 1);
        EncodedBlob blob = pool.encode(params, new byte[1000], 0, 1000);
        blob.release();
        IllegalStateException twice = assertThrows(IllegalStateException.class, blob::release);
        assertTrue(twice.getMessage().contains("no holder left"), twice.getMessage());
        IllegalStateException late = assertThrows(IllegalStateException.class, blob::retain);
        assertTrue(late.getMessage().contains("already released"), late.getMessage());
        assertEquals(1, pool.idle(), "the extra calls did not hand the arena back twice");

        EncodedBlob allocated = codec.encode(params, new byte[1000], 0, 1000);
        allocated.retain();
        allocated.release();
        allocated.release(); // allocated slivers have no arena: nothing to count
    }

    @Test
    void idleArenasAreBoundedKeepingTheLargestAndOtherShapesAreLeftAlone() {
        SliverArenaPool pool = new SliverArenaPool(codec, 1);
        EncodedBlob small = pool.encode(params, new byte[1000], 0, 1000);
        EncodedBlob large = pool.encode(params, new byte[200_000], 0, 200_000);
        small.release();
        large.release();
        assertEquals(1, pool.idle(), "maxIdle 1");
        long largeBytes = pool.idleBytes();
        assertTrue(largeBytes > 3 * 200_000, "the large arena was kept, the small one dropped: " + largeBytes);
        EncodedBlob again = pool.encode(params, new byte[1000], 0, 1000);
        assertEquals(3, pool.created(), "a blob of another shape gets a new arena");
        assertEquals(largeBytes, pool.idleBytes(), "and leaves the idle large one as it was");
        again.release();
        assertEquals(largeBytes, pool.idleBytes(), "the small arena coming back does not push out the large one");
        EncodedBlob big = pool.encode(params, new byte[200_000], 0, 200_000);
        assertEquals(3, pool.created(), "the large shape is served from the idle arena");
        big.release();
        assertThrows(IllegalArgumentException.class, () -> new SliverArenaPool(codec, 0));
    }

    @Test
    void aFailedEncodeGivesTheArenaBack() {
        SliverArenaPool pool = new SliverArenaPool(codec, 1);
        assertThrows(RuntimeException.class, () -> pool.encode(params, new byte[10], 5, 10));
        assertEquals(1, pool.idle());
    }

    @Test
    void writersSideBySideNeverShareAnArena() throws Exception {
        SliverArenaPool pool = new SliverArenaPool(codec, 4);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        byte[] data = random(20_000, seed * 100L + i);
                        EncodedBlob blob = pool.encode(params, data, 0, data.length);
                        EncodedBlob fresh = codec.encode(params, data, 0, data.length);
                        for (int p = 0; p < params.nShards(); p++) {
                            assertArrayEquals(fresh.secondarySliver(p).data(), blob.secondarySliver(p).data());
                        }
                        blob.release();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(pool.created() <= 4, "as many idle arenas kept as writers: at most one per writer: " + pool.created());
        assertTrue(pool.idle() <= 4);
    }
}
