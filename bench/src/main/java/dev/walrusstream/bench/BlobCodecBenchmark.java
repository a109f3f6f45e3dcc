package dev.walrusstream.bench;

import dev.walrusstream.codec.ConsistencyCheck;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverArena;
import dev.walrusstream.codec.rs.Engines;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Whole-blob Red Stuff: encode (slivers + metadata + blob ID) and decode from the last n_p primary
 * slivers (all non-systematic, so every column is RS-decoded; no consistency check). Seconds per
 * blob; MB/s = blob size / time. {@code encodeIntoArena} encodes into one reused {@link SliverArena}
 * (no sliver arrays allocated per blob), {@code encode} into fresh slivers.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class BlobCodecBenchmark {
    /** shards:size in MiB. */
    @Param({"1000:1", "1000:16", "1000:64", "1000:256", "100:16", "100:64"})
    String shape;

    @Param({"1", "2"})
    int threads;

    private RedStuff codec;
    private RedStuffParams params;
    private ExecutorService pool;
    private byte[] data;
    private EncodedBlob encoded;
    private List<Sliver> lastPrimaries;
    private SliverArena arena;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = shape.split(":");
        params = RedStuffParams.of(Integer.parseInt(parts[0]));
        data = new byte[Integer.parseInt(parts[1]) << 20];
        new Random(7).nextBytes(data);
        pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1) : null;
        codec = pool == null ? RedStuff.withEngine(Engines.best()) : RedStuff.withEngine(Engines.best(), pool, threads);
        encoded = codec.encode(params, data, 0, data.length);
        arena = SliverArena.create();
        lastPrimaries = new ArrayList<>();
        for (int i = params.nShards() - params.primarySymbols(); i < params.nShards(); i++) {
            lastPrimaries.add(encoded.primarySliver(i));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Benchmark
    public EncodedBlob encode() {
        return codec.encode(params, data, 0, data.length);
    }

    @Benchmark
    public EncodedBlob encodeIntoArena() {
        return codec.encode(params, data, 0, data.length, arena);
    }

    @Benchmark
    public byte[] decode() {
        return codec.decode(encoded.metadata(), lastPrimaries, ConsistencyCheck.SKIP);
    }
}
