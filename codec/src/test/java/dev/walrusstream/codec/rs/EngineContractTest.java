package dev.walrusstream.codec.rs;

import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.SliverType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fast engine must produce the reference engine's bytes: kernel by kernel on random shapes,
 * then whole codes and whole blobs. This is also the test a new engine has to pass.
 */
class EngineContractTest {
    private static final GfEngine REFERENCE = Engines.reference();

    @Test
    void theVectorEngineIsAvailableUnderTheBuildFlags() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertTrue(module, "tests run with --add-modules=jdk.incubator.vector (root pom argLine)");
        assertEquals(List.of("reference", "vector"), Engines.available().stream().map(GfEngine::name).toList());
        assertEquals("vector", Engines.best().name());
    }

    @TestFactory
    Stream<DynamicTest> kernelsMatchTheReference() {
        return Engines.available().stream().filter(e -> e != REFERENCE && !e.name().equals("reference"))
                .map(engine -> DynamicTest.dynamicTest(engine.name(), () -> {
                    Random random = new Random(11);
                    for (int trial = 0; trial < 60; trial++) {
                        int symbolSize = 2 + 2 * random.nextInt(200);
                        int symbols = 1 + random.nextInt(4);
                        int size = 1 << random.nextInt(8);
                        int truncated = 1 + random.nextInt(size);
                        int skewDelta = random.nextInt(4000);
                        ShardBuffer a = randomBuffer(random, size, symbolSize, symbols);
                        ShardBuffer b = copy(a);
                        String shape = "S=" + symbolSize + " m=" + symbols + " size=" + size + " truncated=" + truncated
                                + " skew=" + skewDelta;
                        // FFT: only [0, truncated) is defined; the rest is scratch that engines may leave differently
                        engine.fft(a, 0, size, truncated, skewDelta);
                        REFERENCE.fft(b, 0, size, truncated, skewDelta);
                        int defined = a.offset(truncated);
                        assertArrayEquals(java.util.Arrays.copyOf(b.data(), defined), java.util.Arrays.copyOf(a.data(), defined),
                                "fft " + shape);
                        // IFFT: inputs beyond truncated are zero, then every output is defined
                        a.zero(truncated, size);
                        System.arraycopy(a.data(), 0, b.data(), 0, a.data().length);
                        engine.ifft(a, 0, size, truncated, skewDelta);
                        REFERENCE.ifft(b, 0, size, truncated, skewDelta);
                        assertArrayEquals(b.data(), a.data(), "ifft " + shape);
                        int logM = random.nextInt(GfTables.ORDER);
                        int shard = random.nextInt(size);
                        engine.mul(a, shard, logM);
                        REFERENCE.mul(b, shard, logM);
                        assertArrayEquals(b.data(), a.data(), "mul by log " + logM + " " + shape);
                        engine.xorShards(a, 0, size / 2, size / 2);
                        REFERENCE.xorShards(b, 0, size / 2, size / 2);
                        assertArrayEquals(b.data(), a.data(), "xor " + shape);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> wholeBlobsMatchTheReference() {
        RedStuff reference = RedStuff.withEngine(REFERENCE);
        return Engines.available().stream().filter(e -> !e.name().equals("reference"))
                .flatMap(engine -> Stream.of(new int[]{4, 1}, new int[]{7, 5000}, new int[]{10, 123457}, new int[]{100, 99999},
                                new int[]{1000, 3000})
                        .map(shape -> DynamicTest.dynamicTest(engine.name() + " n=" + shape[0] + " size=" + shape[1], () -> {
                            byte[] data = new byte[shape[1]];
                            new Random(shape[1]).nextBytes(data);
                            EncodedBlob expected = reference.encode(shape[0], data);
                            EncodedBlob actual = RedStuff.withEngine(engine).encode(shape[0], data);
                            assertEquals(expected.blobId(), actual.blobId());
                            assertEquals(expected.metadata(), actual.metadata());
                            for (int i = 0; i < shape[0]; i++) {
                                for (SliverType t : SliverType.values()) {
                                    assertEquals(expected.sliver(t, i), actual.sliver(t, i), t + " sliver " + i);
                                }
                            }
                        })));
    }

    private static ShardBuffer randomBuffer(Random random, int shards, int symbolSize, int symbols) {
        ShardBuffer b = new ShardBuffer(shards, symbolSize, symbols);
        random.nextBytes(b.data());
        return b;
    }

    private static ShardBuffer copy(ShardBuffer a) {
        ShardBuffer b = new ShardBuffer(a.shardCount(), a.symbolSize(), a.symbolsPerShard());
        System.arraycopy(a.data(), 0, b.data(), 0, a.data().length);
        assertTrue(Arrays.equals(a.data(), b.data()));
        return b;
    }
}
