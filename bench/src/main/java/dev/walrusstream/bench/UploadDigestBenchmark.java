package dev.walrusstream.bench;

import dev.walrusstream.job.assembly.Sha256Engines;
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
 * What the job's assembler does per segment cut from a large upload: resume the upload's SHA-256
 * from its saved state, hash the segment, save the state again. The two engines in one run
 * ({@code jdk} needs the fork's --add-opens, which this class passes). Divide the segment size by
 * the time for MB/s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/sun.security.provider=ALL-UNNAMED")
@State(Scope.Thread)
public class UploadDigestBenchmark {
    @Param({"reference", "jdk"})
    String engine;

    private Sha256Engines.Engine e;
    private final byte[] segment = new byte[4 << 20];
    private byte[] state;

    @Setup
    public void setup() {
        e = engine.equals("jdk") ? Sha256Engines.JDK : Sha256Engines.REFERENCE;
        new Random(1).nextBytes(segment);
        var sha = e.resume(null);
        sha.update(segment, 0, 1000); // a state with buffered bytes, as after an odd-sized chunk
        state = sha.saveState();
    }

    /** One 4 MiB segment: resume, hash, save. */
    @Benchmark
    public byte[] segment4MiB() {
        var sha = e.resume(state);
        sha.update(segment);
        return sha.saveState();
    }
}
