package dev.walrusstream.codec.internal;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.hash.MerkleTree;
import dev.walrusstream.codec.rs.Engines;
import dev.walrusstream.codec.rs.GfEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SliverRoots gives, for arbitrary slivers (random bytes, not codewords of any blob), the roots the
 * reference path gives: the full codeword from {@link SliverExpander#expand}, hashed by
 * {@link SliverExpander#root}. Symbol sizes with and without a tail, batches of one sliver per work
 * area and of many, split across work areas; both engines.
 */
class SliverRootsTest {

    @ParameterizedTest(name = "n={0} S={1} slivers={2}")
    @CsvSource({"4,2,3", "10,128,7", "10,358,23", "10,7366,3", "100,88,41", "100,640,30", "100,7366,4",
            "1000,76,60"})
    void rootsEqualTheExpandedCodewordsRoots(int n, int s, int count) {
        RedStuffParams params = RedStuffParams.of(n);
        Random random = new Random(n * 31L + s);
        for (GfEngine engine : List.of(Engines.reference(), Engines.best())) {
            SliverExpander expander = new SliverExpander(engine, params, s);
            SliverRoots roots = new SliverRoots(engine, params, s);
            for (SliverType type : SliverType.values()) {
                List<byte[]> slivers = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    byte[] sliver = new byte[params.sliverLength(type, s)];
                    random.nextBytes(sliver);
                    slivers.add(sliver);
                }
                byte[] got = roots.roots(type, slivers);
                assertEquals(count * MerkleTree.NODE, got.length);
                for (int j = 0; j < count; j++) {
                    byte[] expected = expander.root(expander.expand(type, slivers.get(j)));
                    assertArrayEquals(expected, Arrays.copyOfRange(got, j * MerkleTree.NODE, (j + 1) * MerkleTree.NODE),
                            engine.name() + " " + type + " sliver " + j + " of " + count);
                }
            }
        }
    }

    /**
     * The pooled scratch buffers come back dirty from other shapes and other threads: four threads
     * verify slivers of three shapes in turn, each checked against the expanded codeword, and the
     * pool never keeps more than its bound.
     */
    @Test
    void pooledScratchLeftByOtherShapesAndThreadsGivesTheSameRoots() throws Exception {
        int[][] shapes = {{10, 358, 5}, {100, 640, 3}, {100, 88, 9}};
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int round = 0; round < 6; round++) {
                        int[] shape = shapes[(thread + round) % shapes.length];
                        RedStuffParams params = RedStuffParams.of(shape[0]);
                        int s = shape[1];
                        SliverType type = SliverType.values()[round % 2];
                        List<byte[]> slivers = new ArrayList<>();
                        for (int j = 0; j < shape[2]; j++) {
                            byte[] sliver = new byte[params.sliverLength(type, s)];
                            random.nextBytes(sliver);
                            slivers.add(sliver);
                        }
                        byte[] got = new SliverRoots(Engines.best(), params, s).roots(type, slivers);
                        SliverExpander expander = new SliverExpander(Engines.best(), params, s);
                        for (int j = 0; j < slivers.size(); j++) {
                            assertArrayEquals(expander.root(expander.expand(type, slivers.get(j))),
                                    Arrays.copyOfRange(got, j * MerkleTree.NODE, (j + 1) * MerkleTree.NODE),
                                    "thread " + thread + " round " + round + " sliver " + j);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(RootsScratch.idle() >= 1 && RootsScratch.idle() <= RootsScratch.MAX_IDLE,
                "idle scratch sets: " + RootsScratch.idle() + " (bound " + RootsScratch.MAX_IDLE + ")");
    }
}
