package dev.walrusstream.app.cli;

import dev.walrusstream.codec.text.ByteSize;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.ConsistencyCheck;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverArena;
import dev.walrusstream.codec.rs.Engines;
import dev.walrusstream.codec.rs.GfEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream bench encode}: whole-blob Red Stuff encode (slivers + metadata + blob ID) of
 * random data, optionally followed by decoding from the last n_p primary slivers.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode a random blob repeatedly and print one JSON line: MB/s of input, blob ID, peak heap.")
public final class BenchEncodeCommand implements Callable<Integer> {

    @Option(names = "--shards", defaultValue = "1000", description = "Number of shards (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--size", defaultValue = "64MiB", description = "Blob size, e.g. 1MiB, 64MiB (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--threads", defaultValue = "1", description = "Threads per blob (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--gc", description = "Collect garbage before each measured run, outside its time (like JMH's -gc "
            + "true): times the encoder without the previous run's garbage. Default: off, GC pauses count.")
    boolean gcBetween;

    @Option(names = "--arena", description = "Encode into one reused SliverArena (the official encoder is also handed "
            + "its sliver buffers ready-made): no sliver arrays allocated per blob. Default: off, fresh slivers per blob.")
    boolean arena;

    @Option(names = "--engine", description = "Reed–Solomon engine: reference or vector (default: the fastest available).")
    String engine;

    @Option(names = "--iterations", defaultValue = "3", description = "Measured runs after one warm-up (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--decode", description = "Also time decoding from the last n_p primary slivers (non-systematic).")
    boolean decode;

    @Option(names = "--input", paramLabel = "FILE", description = "Encode this file instead of random bytes (--size is ignored).")
    java.nio.file.Path input;

    @Override
    public Integer call() throws java.io.IOException {
        long bytes = input != null ? java.nio.file.Files.size(input) : ByteSize.parse(size);
        RedStuffParams params = RedStuffParams.of(shards);
        params.symbolSize(bytes); // fails early with the limit when too large
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("benchmark blobs are limited to 2 GiB, got " + bytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        GfEngine gf = engine == null ? Engines.best() : Engines.byName(engine);
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "bench-encode");
            t.setDaemon(true);
            return t;
        }) : null;
        RedStuff codec = pool == null ? RedStuff.withEngine(gf) : RedStuff.withEngine(gf, pool, threads);
        byte[] data;
        if (input != null) {
            data = java.nio.file.Files.readAllBytes(input);
        } else {
            data = new byte[(int) bytes];
            new Random(42).nextBytes(data);
        }

        SliverArena buffers = arena ? SliverArena.create() : null;
        EncodedBlob blob = null;
        for (int w = 0; w < 2; w++) { // warm-up: two runs, so the JIT has compiled the kernels before timing
            blob = null;
            blob = encode(codec, params, data, buffers);
        }
        blob = null;
        System.gc();
        resetPeaks();
        long heapBefore = usedHeap();
        double[] encodeSeconds = new double[iterations];
        double[] encodeCpuSeconds = new double[iterations];
        double[] processCpuSeconds = new double[iterations];
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        EncodedBlob last = null;
        long gcMillis = 0;
        for (int i = 0; i < iterations; i++) {
            last = null;
            if (gcBetween) {
                System.gc();
            }
            long g0 = gcMillis();
            long p0 = processCpuNanos();
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            last = encode(codec, params, data, buffers);
            encodeSeconds[i] = (System.nanoTime() - t0) / 1e9;
            gcMillis += gcMillis() - g0;
            processCpuSeconds[i] = (processCpuNanos() - p0) / 1e9;
            encodeCpuSeconds[i] = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        long peak = peakHeap();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.put("benchmark", "encode");
        json.put("engine", gf.name());
        json.put("nShards", shards);
        json.put("sizeBytes", bytes);
        json.put("threads", threads);
        json.put("iterations", iterations);
        json.put("gcBetweenRuns", gcBetween);
        json.put("arena", arena);
        json.put("encodeMBps", round(bytes / 1e6 / median(encodeSeconds)));
        json.put("encodeSecondsMedian", round(median(encodeSeconds)));
        if (threads == 1) {
            // CPU time of the encoding thread: steadier than wall time on a shared machine
            json.put("encodeCpuMBps", round(bytes / 1e6 / median(encodeCpuSeconds)));
        }
        // CPU time of the whole JVM (every thread: workers, collector, JIT) while encoding: the machine's
        // load slows wall time, much less this
        if (processCpuNanos() >= 0) {
            json.put("processCpuMBps", round(bytes / 1e6 / median(processCpuSeconds)));
        }
        json.put("blobId", last.blobId().base64Url());
        // collector pauses inside the measured runs (all of them, not only the median's)
        json.put("gcSecondsInRuns", round(gcMillis / 1000.0));
        json.put("peakHeapMiB", round(peak / 1048576.0));
        json.put("peakHeapOverBlob", round((peak - heapBefore) / (double) Math.max(1, bytes)));
        // the peak above counts garbage a roomy heap never had to collect; encoding fits in this -Xmx
        json.put("heapBoundMiB", round(params.encodeHeapBound(bytes) / 1048576.0));
        if (decode) {
            int np = params.primarySymbols();
            List<Sliver> slivers = new ArrayList<>();
            for (int i = shards - np; i < shards; i++) {
                slivers.add(last.primarySliver(i));
            }
            double[] decodeSeconds = new double[iterations];
            double[] decodeCpuSeconds = new double[iterations];
            byte[] out = codec.decode(last.metadata(), slivers, ConsistencyCheck.SKIP); // warm-up
            for (int i = 0; i < iterations; i++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                out = codec.decode(last.metadata(), slivers, ConsistencyCheck.SKIP);
                decodeSeconds[i] = (System.nanoTime() - t0) / 1e9;
                decodeCpuSeconds[i] = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            }
            if (!Arrays.equals(out, data)) {
                throw new IllegalStateException("decoded bytes differ from the input");
            }
            json.put("decodeMBps", round(bytes / 1e6 / median(decodeSeconds)));
            json.put("decodeSecondsMedian", round(median(decodeSeconds)));
            if (threads == 1) {
                json.put("decodeCpuMBps", round(bytes / 1e6 / median(decodeCpuSeconds)));
            }
        }
        System.out.println(json.toString());
        if (pool != null) {
            pool.shutdownNow();
        }
        return 0;
    }

    private static EncodedBlob encode(RedStuff codec, RedStuffParams params, byte[] data, SliverArena buffers) {
        return buffers == null ? codec.encode(params, data, 0, data.length)
                : codec.encode(params, data, 0, data.length, buffers);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
