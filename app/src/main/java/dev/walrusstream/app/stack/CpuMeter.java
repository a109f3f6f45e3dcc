package dev.walrusstream.app.stack;

import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * CPU time of this whole process (every thread: client, in-process nodes, chain, GC, JIT), from the
 * platform's {@code OperatingSystemMXBean}, for the benchmarks' CPU-seconds-per-MB figures.
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

    /** The least process CPU time an encoder figure is taken over. */
    private static final long MIN_MEASURED_NANOS = 200_000_000L;
}
