package dev.walrusstream.bench;

import dev.walrusstream.codec.hash.MerkleHasher;
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
 * Bulk Merkle hashing as the encoder does it: 1000 leaves of one row (0x00 || symbol) and the
 * root over 1000 leaf hashes (999 inner nodes). Vector hasher (4 or 8 lanes: -jvmArgsAppend "--add-modules=jdk.incubator.vector -Dwalrus.codec.hash.lanes=4") vs scalar, same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class MerkleHashBenchmark {
    @Param({"scalar", "vector"})
    String hasher;

    @Param({"2", "302"})
    int symbolSize;

    private MerkleHasher h;
    private byte[] symbols;
    private final byte[] leaves = new byte[1000 * 32];
    private final byte[] root = new byte[32];

    @Setup
    public void setup() {
        h = hasher.equals("scalar") ? MerkleHasher.scalar() : MerkleHasher.create();
        if (!h.name().equals(hasher)) {
            throw new IllegalStateException("wanted the " + hasher + " hasher, got " + h.name());
        }
        symbols = new byte[1000 * symbolSize];
        new Random(1).nextBytes(symbols);
        new Random(2).nextBytes(leaves);
    }

    /** 1000 leaf hashes: divide by 1000 for the time per leaf. */
    @Benchmark
    public byte[] leaves1000() {
        h.leaves(symbols, 0, symbolSize, symbolSize, 1000, leaves, 0, 32);
        return leaves;
    }

    /** 999 inner nodes. */
    @Benchmark
    public byte[] root1000() {
        h.root(leaves, 0, 32, 1000, root, 0);
        return root;
    }
}
