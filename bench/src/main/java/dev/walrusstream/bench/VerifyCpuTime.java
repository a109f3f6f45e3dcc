package dev.walrusstream.bench;

import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What the storage nodes spend verifying a blob's slivers, as a ratio to one encode of the same blob,
 * both timed by the CPU time of the measuring thread (steady on a shared machine where wall-clock
 * scores swing). One round = one single-threaded encode, then every sliver of the blob verified once
 * with the slivers grouped as {@code nodes} nodes hold them (shards node, node + nodes, …: its primary
 * and secondary slivers in one {@link RedStuff#verifyAll} call), as {@code bench net} measures the
 * verifier. Rounds alternate encode and verify so drift hits both; prints one JSON line per shape
 * with the medians and the median of the per-round ratios, and the same ratio by process CPU (which
 * adds the garbage collector's threads: what verification allocates shows there).
 *
 * <p>Run: {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.walrusstream.bench.VerifyCpuTime [shards:MiB ...] [--nodes 10] [--rounds 7]}; defaults
 * {@code 100:16 1000:16}.
 */
public final class VerifyCpuTime {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private VerifyCpuTime() {
    }

    public static void main(String[] args) {
        if (!CPU.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time; VerifyCpuTime needs it");
        }
        List<String> shapes = new ArrayList<>();
        int nodes = 10;
        int rounds = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    if (!args[i].matches("\\d+:\\d+")) {
                        throw new IllegalArgumentException("argument " + (i + 1) + " '" + args[i]
                                + "' is neither shards:MiB (e.g. 100:16) nor --nodes N / --rounds N");
                    }
                    shapes.add(args[i]);
                }
            }
        }
        if (shapes.isEmpty()) {
            shapes = List.of("100:16", "1000:16");
        }
        for (String shape : shapes) {
            String[] parts = shape.split(":");
            measure(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), nodes, rounds);
        }
    }

    private static void measure(int shards, int mib, int nodes, int rounds) {
        RedStuff codec = RedStuff.create();
        RedStuffParams params = RedStuffParams.of(shards);
        byte[] blob = new byte[mib << 20];
        new Random(7).nextBytes(blob);
        EncodedBlob encoded = codec.encode(params, blob, 0, blob.length);
        List<List<Sliver>> byNode = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            List<Sliver> held = new ArrayList<>();
            for (int shard = node; shard < shards; shard += nodes) {
                held.add(encoded.primarySliver(shard));
                held.add(encoded.secondarySliver(shard));
            }
            byNode.add(held);
        }
        Runnable encode = () -> codec.encode(params, blob, 0, blob.length);
        Runnable verify = () -> byNode.forEach(held -> codec.verifyAll(encoded.metadata(), held));
        for (int w = 0; w < 3; w++) {
            encode.run();
            verify.run();
        }
        double[] enc = new double[rounds];
        double[] ver = new double[rounds];
        double[] ratio = new double[rounds];
        double[] processRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long p0 = OS.getProcessCpuTime();
            enc[r] = cpuMillis(encode);
            long p1 = OS.getProcessCpuTime();
            ver[r] = cpuMillis(verify);
            long p2 = OS.getProcessCpuTime();
            ratio[r] = ver[r] / enc[r];
            processRatio[r] = (double) (p2 - p1) / (p1 - p0);
        }
        System.out.println("{\"jdk\":\"" + Runtime.version() + "\",\"shards\":" + shards + ",\"blobMiB\":" + mib
                + ",\"nodes\":" + nodes + ",\"engine\":\"" + codec.engine().name() + "\",\"rounds\":" + rounds
                + ",\"encodeCpuMsMedian\":" + round(median(enc)) + ",\"verifyCpuMsMedian\":" + round(median(ver))
                + ",\"verifyOverEncodeMedian\":" + ratio(median(ratio))
                + ",\"verifyOverEncodeMin\":" + ratio(min(ratio))
                + ",\"processCpuVerifyOverEncodeMedian\":" + ratio(median(processRatio)) + "}");
    }

    private static double cpuMillis(Runnable op) {
        long t0 = CPU.getCurrentThreadCpuTime();
        op.run();
        return (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static String ratio(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
