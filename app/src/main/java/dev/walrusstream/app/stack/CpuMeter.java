package dev.walrusstream.app.stack;

import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of this whole process (every thread: client, in-process nodes, chain, GC, JIT), from the
 * platform's {@code OperatingSystemMXBean}, for the benchmarks' CPU-seconds-per-MB figures. A process
 * beside this one is measured by {@link ProcessCpu}.
 */
public final class CpuMeter {
    private CpuMeter() {
    }

    /** The process's CPU time so far in nanoseconds; fails, naming the JVM, where the platform cannot tell. */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        throw new IllegalStateException("this JVM (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ") does not report the process CPU time");
    }

    /**
     * CPU time of the JIT compiler threads (C1 and C2) so far in nanoseconds, from the scheduler's
     * account of each thread ({@code /proc/self/task/TID/schedstat}); -1 where there is none (not
     * Linux). Compiler threads that the JVM retired meanwhile are no longer counted; the first of
     * each kind is never retired.
     */
    public static long compilerCpuNanos() {
        return compilerCpuNanos(Path.of("/proc/self/task"));
    }

    /** The compiler threads' CPU of the process whose threads are listed under {@code tasks}; -1 without it. */
    static long compilerCpuNanos(Path tasks) {
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String stat = Files.readString(task.resolve("schedstat"));
                        sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while it was read, or the kernel keeps no schedstat: skip it
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /**
     * The JIT compilers' CPU since {@code start} (an earlier {@link #compilerCpuNanos()}) in nanoseconds;
     * -1 when either reading is unknown.
     */
    public static long compilerCpuSince(long start) {
        long now = compilerCpuNanos();
        return start < 0 || now < 0 ? -1 : now - start;
    }

    /**
     * The share of {@code cpuNanos} of process CPU that the JIT compilers spent ({@code compilerNanos},
     * {@link #compilerCpuSince}), rounded to 0.001; NaN when either is unknown.
     */
    public static double compilerShare(long compilerNanos, long cpuNanos) {
        if (compilerNanos < 0 || cpuNanos <= 0) {
            return Double.NaN;
        }
        return Math.round(1000.0 * compilerNanos / cpuNanos) / 1000.0;
    }

    /** CPU seconds per MB (10^6 bytes) for {@code cpuNanos} spent on {@code bytes}. */
    public static double secondsPerMB(long cpuNanos, double bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive, got " + bytes);
        }
        return cpuNanos / 1e9 / (bytes / 1e6);
    }

    /**
     * The encoder's own cost: process CPU seconds per MB to encode each blob once with {@code codec},
     * measured while nothing else of the benchmark runs (its garbage collection included).
     */
    public static double encoderSecondsPerMB(RedStuff codec, RedStuffParams params, List<byte[]> blobs) {
        long bytes = 0;
        long c0 = processCpuNanos();
        long spent;
        // the process CPU clock ticks coarsely (10 ms on Linux): small blobs are encoded again until it has
        // measured enough time for a figure, so a benchmark of a few KiB never divides by zero
        do {
            for (byte[] b : blobs) {
                codec.encode(params, b, 0, b.length);
                bytes += b.length;
            }
            spent = processCpuNanos() - c0;
        } while (spent < MIN_MEASURED_NANOS);
        return secondsPerMB(spent, bytes);
    }

    /**
     * What the storage nodes must spend at least, per MB of blob, to verify every sliver of it before
     * confirming: each of {@code nodes} nodes checks the slivers of its share of the shards in one
     * {@link RedStuff#verifyAll} call (the cheapest way the codec offers), which hashes all n leaves of
     * each sliver's codeword. The encoder hashes each of the n × n leaves once, for its row tree and its
     * column tree together; verification hashes each twice (a row for a primary sliver, a column for a
     * secondary one). The blobs are encoded first, outside the measured window; process CPU, garbage
     * collection included.
     */
    public static double verifierSecondsPerMB(RedStuff codec, RedStuffParams params, List<byte[]> blobs, int nodes) {
        checkNodes(params, nodes);
        return verifierSecondsPerMB(codec, encodeAll(codec, params, blobs), nodes);
    }

    private static void checkNodes(RedStuffParams params, int nodes) {
        if (nodes < 1 || nodes > params.nShards()) {
            throw new IllegalArgumentException("nodes must be between 1 and the " + params.nShards()
                    + " shards, got " + nodes);
        }
    }

    private static List<EncodedBlob> encodeAll(RedStuff codec, RedStuffParams params, List<byte[]> blobs) {
        List<EncodedBlob> encoded = new ArrayList<>();
        for (byte[] b : blobs) {
            encoded.add(codec.encode(params, b, 0, b.length));
        }
        return encoded;
    }

    private static double verifierSecondsPerMB(RedStuff codec, List<EncodedBlob> encoded, int nodes) {
        int shards = encoded.get(0).nShards();
        long bytes = 0;
        for (EncodedBlob blob : encoded) {
            bytes += blob.unencodedLength();
        }
        long measured = 0;
        long spent;
        long c0 = processCpuNanos();
        do {
            for (EncodedBlob blob : encoded) {
                for (int node = 0; node < nodes; node++) {
                    List<Sliver> held = new ArrayList<>();
                    for (int shard = node; shard < shards; shard += nodes) {
                        held.add(blob.primarySliver(shard));
                        held.add(blob.secondarySliver(shard));
                    }
                    codec.verifyAll(blob.metadata(), held);
                }
            }
            measured += bytes;
            spent = processCpuNanos() - c0;
        } while (spent < MIN_MEASURED_NANOS);
        return secondsPerMB(spent, measured);
    }

    /**
     * The protocol's own CPU per MB of blob, as medians over {@code rounds} alternating rounds: in
     * each, the encoder's figure ({@link #encoderSecondsPerMB}) and then the verifiers'
     * ({@link #verifierSecondsPerMB}) on the same blobs, encoded once for all the verifier windows. One
     * window of each moves by 2 × between runs on a shared machine (the nodes' background work, the
     * collector, the neighbours); the median of the per-round ratios is what {@code floorVsEncoder}
     * reports.
     *
     * @param encoderSecondsPerMB  median of the rounds' encoder figures
     * @param verifierSecondsPerMB median of the rounds' verifier figures
     * @param floorVsEncoder       1 + the median of the rounds' verifier ÷ encoder: the least
     *                             CPU-per-MB ratio to the encoder a store can have on one machine
     */
    public record ProtocolCpu(double encoderSecondsPerMB, double verifierSecondsPerMB, double floorVsEncoder) {
    }

    /** Alternating rounds behind the benchmarks' protocol figures. */
    public static final int PROTOCOL_ROUNDS = 5;

    public static ProtocolCpu protocol(RedStuff codec, RedStuffParams params, List<byte[]> blobs, int nodes,
                                       int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        checkNodes(params, nodes);
        List<EncodedBlob> encoded = encodeAll(codec, params, blobs);
        double[] encoder = new double[rounds];
        double[] verifier = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            encoder[r] = encoderSecondsPerMB(codec, params, blobs);
            verifier[r] = verifierSecondsPerMB(codec, encoded, nodes);
            ratio[r] = verifier[r] / encoder[r];
        }
        return new ProtocolCpu(median(encoder), median(verifier), 1 + median(ratio));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** The least process CPU time an encoder figure is taken over. */
    private static final long MIN_MEASURED_NANOS = 200_000_000L;
}
