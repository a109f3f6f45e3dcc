package dev.walrusstream.bench;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.rs.Engines;
import dev.walrusstream.codec.rs.GfEngine;
import dev.walrusstream.codec.rs.ReedSolomonCode;
import dev.walrusstream.codec.rs.ShardBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Reed–Solomon part alone: one encode of a cache-sized work area with Walrus's two codes at
 * n = 100 and n = 1000 (primary = columns, low rate; secondary = rows, high rate). Each operation
 * encodes {@code originals × symbolsPerShard × 302} bytes of original data; MB/s = that / time.
 * Baseline: the reference engine in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class ReedSolomonBenchmark {
    /** 302-byte symbols: a 64 MiB blob at n = 1000. */
    static final int SYMBOL = 302;

    @Param({"reference", "vector"})
    String engine;

    @Param({"1000-primary", "1000-secondary", "100-primary", "100-secondary"})
    String code;

    private GfEngine gf;
    private ReedSolomonCode rs;
    private ShardBuffer work;
    private byte[][] originals;
    private int symbolsPerShard;

    @Setup(Level.Trial)
    public void setup() {
        gf = Engines.byName(engine);
        String[] parts = code.split("-");
        RedStuffParams params = RedStuffParams.of(Integer.parseInt(parts[0]));
        rs = parts[1].equals("primary") ? params.primaryCode() : params.secondaryCode();
        symbolsPerShard = Math.max(1, (1 << 20) / (rs.encodeWorkCount() * SYMBOL));
        work = new ShardBuffer(rs.encodeWorkCount(), SYMBOL, symbolsPerShard);
        originals = new byte[rs.originalCount()][SYMBOL * symbolsPerShard];
        Random random = new Random(1);
        for (byte[] o : originals) {
            random.nextBytes(o);
        }
        System.out.printf("%n[%s] %d originals -> %d recovery, %s rate, %d bytes of originals per op%n", code,
                rs.originalCount(), rs.recoveryCount(), rs.highRate() ? "high" : "low", bytesPerOp());
    }

    long bytesPerOp() {
        return (long) rs.originalCount() * SYMBOL * symbolsPerShard;
    }

    @Benchmark
    public ShardBuffer encode() {
        for (int i = 0; i < originals.length; i++) {
            work.putSymbols(i, 0, originals[i], 0, symbolsPerShard);
        }
        rs.encode(gf, work);
        return work;
    }
}
