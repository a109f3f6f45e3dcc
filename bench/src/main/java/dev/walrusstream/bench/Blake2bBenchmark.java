package dev.walrusstream.bench;

import dev.walrusstream.codec.hash.Blake2b256;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Blake2b-256 on the short inputs of Walrus Merkle trees: leaves (0x00 || symbol) and inner nodes
 * (0x01 || left || right). Baseline: Bouncy Castle's Blake2bDigest in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class Blake2bBenchmark {
    /** Symbol sizes: 2 (small blobs at n = 1000), 302 (64 MiB at n = 1000). */
    @Param({"2", "302"})
    int symbolSize;

    private byte[] symbol;
    private final byte[] left = new byte[32];
    private final byte[] right = new byte[32];
    private final byte[] out = new byte[32];
    private final Blake2b256 ours = new Blake2b256();
    private final Blake2bDigest bc = new Blake2bDigest(256);

    @Setup
    public void setup() {
        symbol = new byte[symbolSize];
        new Random(1).nextBytes(symbol);
        new Random(2).nextBytes(left);
        new Random(3).nextBytes(right);
    }

    @Benchmark
    public byte[] leafOurs() {
        ours.hashPrefixed((byte) 0, symbol, 0, symbol.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] leafBouncyCastle() {
        bc.update((byte) 0);
        bc.update(symbol, 0, symbol.length);
        bc.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] innerOurs() {
        ours.hashInner(left, 0, right, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] innerBouncyCastle() {
        bc.update((byte) 1);
        bc.update(left, 0, 32);
        bc.update(right, 0, 32);
        bc.doFinal(out, 0);
        return out;
    }
}
