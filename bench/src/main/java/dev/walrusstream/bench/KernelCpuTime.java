package dev.walrusstream.bench;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.hash.MerkleHasher;
import dev.walrusstream.codec.rs.Engines;
import dev.walrusstream.codec.rs.GfEngine;
import dev.walrusstream.codec.rs.ReedSolomonCode;
import dev.walrusstream.codec.rs.ShardBuffer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * The codec's two hot kernels timed by the CPU time of the measuring thread, not the wall clock:
 * on a shared machine (load average far above the core count) JMH's wall-clock scores swing by 2×
 * or more, while the CPU a kernel takes changes little. Prints one JSON line per kernel with the
 * median and minimum of seven measured rounds, after a warm-up long enough for C2.
 *
 * <ul>
 *   <li>{@code leaves}: 1000 Merkle leaf hashes of 302-byte symbols (a row at n = 1000, 64 MiB):
 *       250 four-lane hashes of three BLAKE2b blocks each;</li>
 *   <li>{@code root}: the root over 1000 leaf hashes, 999 inner nodes of one block each;</li>
 *   <li>{@code rs-primary} / {@code rs-secondary}: one Reed–Solomon encode of a 6-symbol-per-shard
 *       work area with Walrus's two codes at n = 1000 (334 → 1000, low rate; 667 → 1000, high rate).</li>
 * </ul>
 *
 * <p>Run: {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.walrusstream.bench.KernelCpuTime [rounds-scale [rs-first]]}, once per JDK to compare JDKs.
 */
public final class KernelCpuTime {
    private static final int ROUNDS = 7;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private KernelCpuTime() {
    }

    public static void main(String[] args) {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        if (!CPU.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time; KernelCpuTime needs it");
        }
        String jdk = Runtime.version().toString();
        if (args.length > 1 && args[1].equals("rs-first")) {
            reedSolomon(jdk, scale);
            hashing(jdk, scale);
        } else {
            hashing(jdk, scale);
            reedSolomon(jdk, scale);
        }
    }

    private static void hashing(String jdk, double scale) {
        int n = 1000;
        int s = 302;
        byte[] symbols = new byte[n * s];
        new Random(1).nextBytes(symbols);
        byte[] leaves = new byte[n * 32];
        byte[] root = new byte[32];
        for (String name : new String[]{"vector", "scalar"}) {
            MerkleHasher h = name.equals("scalar") ? MerkleHasher.scalar() : MerkleHasher.create();
            if (!h.name().equals(name)) {
                System.out.println("{\"kernel\":\"merkle\",\"hasher\":\"" + name + "\",\"skipped\":\"unavailable: got "
                        + h.name() + "; run with --add-modules=jdk.incubator.vector\"}");
                continue;
            }
            int reps = (int) Math.max(1, (name.equals("scalar") ? 50 : 200) * scale);
            report(jdk, "leaves", name, reps, 250 * 3,
                    () -> h.leaves(symbols, 0, s, s, n, leaves, 0, 32));
            report(jdk, "root", name, reps, 250,
                    () -> h.root(leaves, 0, 32, n, root, 0));
        }
    }

    private static void reedSolomon(String jdk, double scale) {
        int n = 1000;
        int s = 302;
        RedStuffParams params = RedStuffParams.of(n);
        GfEngine engine = Engines.best();
        int perShard = 6;
        for (String which : new String[]{"primary", "secondary"}) {
            ReedSolomonCode rs = which.equals("primary") ? params.primaryCode() : params.secondaryCode();
            ShardBuffer work = new ShardBuffer(rs.encodeWorkCount(), s, perShard);
            byte[][] originals = new byte[rs.originalCount()][s * perShard];
            Random random = new Random(2);
            for (byte[] o : originals) {
                random.nextBytes(o);
            }
            int reps = (int) Math.max(1, 60 * scale);
            report(jdk, "rs-" + which, engine.name(), reps, 0, () -> {
                for (int i = 0; i < originals.length; i++) {
                    work.putSymbols(i, 0, originals[i], 0, perShard);
                }
                rs.encode(engine, work);
            });
        }
    }

    private static void report(String jdk, String kernel, String impl, int reps, int fourLaneCompressions, Runnable op) {
        for (int w = 0; w < 10 * reps; w++) {
            op.run();
        }
        double[] micros = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                op.run();
            }
            micros[r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
        }
        Arrays.sort(micros);
        StringBuilder line = new StringBuilder()
                .append("{\"jdk\":\"").append(jdk).append("\",\"kernel\":\"").append(kernel)
                .append("\",\"impl\":\"").append(impl)
                .append("\",\"cpuMicrosPerOpMedian\":").append(round(micros[ROUNDS / 2]))
                .append(",\"cpuMicrosPerOpMin\":").append(round(micros[0]));
        if (fourLaneCompressions > 0 && impl.equals("vector")) {
            line.append(",\"cpuNanosPerFourLaneCompression\":")
                    .append(round(micros[ROUNDS / 2] * 1e3 / fourLaneCompressions));
        }
        System.out.println(line.append('}'));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
