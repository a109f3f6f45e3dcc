package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.SliverArenaPool;
import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.app.stack.CpuMeter;
import dev.walrusstream.devnet.network.LocalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream bench net}: store and read throughput on a local network (a fresh temporary
 * one, or an existing one via {@code --config}). Prints one JSON line.
 */
@Command(name = "net", mixinStandardHelpOptions = true,
        description = "Measure store and read throughput (MB/s of blob bytes) on a local storage network: a temporary "
                + "one with --nodes/--shards, or a running one with --config. Prints one JSON line.")
public final class BenchNetCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Use this running network instead of a temporary one.")
    Path config;

    @Option(names = "--nodes", paramLabel = "K", defaultValue = "4", description = "Nodes of the temporary network (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "10", description = "Shards of the temporary network (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1MiB", description = "Blob size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--count", paramLabel = "C", defaultValue = "5", description = "Blobs to store and read (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--parallel", paramLabel = "P", defaultValue = "1",
            description = "Blobs stored (and read) at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "2",
            description = "Blobs stored and read first, not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Record a JFR profile (settings 'profile', plus CPU-time samples on JDK 25+) of the measured "
                    + "store window only and write it to FILE; bench/jfr-breakdown.py sorts its samples by component.")
    Path profile;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long blobSize = ByteSize.parse(size);
        if (blobSize > Integer.MAX_VALUE - 16 || count < 1 || warmup < 0) {
            throw new IllegalArgumentException("--size must be below 2 GiB, --count at least 1 and --warmup at least 0; got "
                    + size + ", " + count + ", " + warmup);
        }
        Path temp = null;
        LocalNetwork network = null;
        Chain chain;
        ClientOptions options = ClientOptions.DEFAULTS;
        try {
            if (config != null) {
                ClientConfig cfg = ClientConfigs.read(config);
                chain = cfg.openChain();
                options = cfg.options();
            } else {
                temp = Files.createTempDirectory("walrus-stream-bench");
                network = LocalNetwork.init(temp, nodes, shards, "127.0.0.1").start();
                chain = ClientConfig.read(network.clientConfig()).openChain();
            }
            int n = chain.info().nShards();
            RedStuffParams params = RedStuffParams.of(n);
            RedStuff codec = RedStuff.create();
            Random random = new Random(System.nanoTime());
            List<byte[]> blobs = new ArrayList<>();
            for (int i = 0; i < warmup + count; i++) {
                byte[] data = new byte[(int) blobSize];
                random.nextBytes(data);
                blobs.add(data);
            }
            BlobId[] ids = new BlobId[warmup + count];
            long[] encodeNanos = new long[warmup + count];
            long storeWall;
            long readWall;
            long storeCpu;
            double storeJitShare;
            double encoderCpuPerMB;
            double verifierCpuPerMB;
            double floorVsEncoder;
            long arenasMade;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, parallel));
            // the pipeline's sink encodes the same way: into arenas kept from blob to blob, one per blob in flight
            SliverArenaPool arenas = new SliverArenaPool(codec, Math.max(1, parallel));
            try (StorageClient client = new StorageClient(chain, options, codec)) {
                // warm-up blobs first (JIT, connections), not counted
                run(pool, 0, warmup, k -> store(client, arenas, params, blobs, ids, encodeNanos, k));
                run(pool, 0, warmup, k -> readBack(client, blobs, ids, k));
                jdk.jfr.Recording recording = profile == null ? null : startRecording();
                long cpu0 = CpuMeter.processCpuNanos();
                long jit0 = CpuMeter.compilerCpuNanos();
                storeWall = run(pool, warmup, warmup + count, k -> store(client, arenas, params, blobs, ids, encodeNanos, k));
                storeCpu = CpuMeter.processCpuNanos() - cpu0;
                storeJitShare = CpuMeter.compilerShare(CpuMeter.compilerCpuSince(jit0), storeCpu);
                arenasMade = arenas.created();
                if (recording != null) {
                    recording.stop();
                    recording.dump(profile);
                    recording.close();
                }
                readWall = run(pool, warmup, warmup + count, k -> readBack(client, blobs, ids, k));
                // the encoder alone and the nodes' least share (every sliver verified once), same process, nothing
                // else of the benchmark running: medians of alternating rounds, at most 3 blobs held encoded
                CpuMeter.ProtocolCpu protocol = CpuMeter.protocol(codec, params,
                        blobs.subList(warmup, warmup + Math.min(count, 3)), chain.committee().size(), CpuMeter.PROTOCOL_ROUNDS);
                encoderCpuPerMB = protocol.encoderSecondsPerMB();
                verifierCpuPerMB = protocol.verifierSecondsPerMB();
                floorVsEncoder = protocol.floorVsEncoder();
            } finally {
                pool.shutdownNow();
            }
            long encodeTotal = Arrays.stream(encodeNanos, warmup, warmup + count).sum();
            double mb = blobSize * (double) count / 1e6;
            ObjectNode o = WalrusJson.JSON.createObjectNode();
            o.put("bench", "net");
            o.put("nodes", chain.committee().size());
            o.put("shards", n);
            o.put("blobSize", blobSize);
            o.put("count", count);
            o.put("warmup", warmup);
            o.put("parallel", parallel);
            o.put("storeMBps", round(mb / (storeWall / 1e9)));
            o.put("readMBps", round(mb / (readWall / 1e9)));
            o.put("encodeMBps", round(mb / (encodeTotal / 1e9)));
            double cpuPerMB = CpuMeter.secondsPerMB(storeCpu, blobSize * (double) count);
            o.put("cpuSecondsPerMB", round4(cpuPerMB));
            o.put("encoderCpuSecondsPerMB", round4(encoderCpuPerMB));
            o.put("cpuVsEncoder", round(cpuPerMB / encoderCpuPerMB));
            o.put("verifierCpuSecondsPerMB", round4(verifierCpuPerMB));
            o.put("protocolFloorVsEncoder", round(floorVsEncoder));
            if (!Double.isNaN(storeJitShare)) {
                // how much of cpuSecondsPerMB was the JIT still compiling (a long-running node's is near 0)
                o.put("jitCpuShare", storeJitShare);
            }
            o.put("storeSecondsPerBlob", round(storeWall / 1e9 / count));
            // sliver arenas the stores needed (warm-up included): one per blob in flight when uploads to slow
            // nodes end before the next blob is encoded, more when they still hold theirs
            o.put("sliverArenas", arenasMade);
            o.put("readSecondsPerBlob", round(readWall / 1e9 / count));
            o.put("chain", chain.info().kind());
            o.put("javaVersion", System.getProperty("java.version"));
            o.put("cpus", Runtime.getRuntime().availableProcessors());
            out.println(WalrusJson.JSON.writeValueAsString(o));
            return 0;
        } finally {
            if (network != null) {
                network.close();
            }
            if (temp != null) {
                try (var walk = Files.walk(temp)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** JFR's 'profile' settings, and on JDK 25+ CPU-time samples (threads in native code too: RocksDB, sockets). */
    static jdk.jfr.Recording startRecording() throws Exception {
        jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        if (Runtime.version().feature() >= 25) {
            r.enable("jdk.CPUTimeSample").with("throttle", "5ms");
        }
        r.setName("bench-net-store");
        r.start();
        return r;
    }

    private interface BlobTask {
        void run(int index) throws Exception;
    }

    /** Runs the task for blobs {@code from..to-1} on the pool; returns the wall time in nanoseconds. */
    private static long run(java.util.concurrent.ExecutorService pool, int from, int to, BlobTask task) throws Exception {
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int k = i;
            tasks.add(pool.submit(() -> {
                task.run(k);
                return null;
            }));
        }
        for (var t : tasks) {
            t.get();
        }
        return System.nanoTime() - t0;
    }

    private static void store(StorageClient client, SliverArenaPool arenas, RedStuffParams params, List<byte[]> blobs,
                              BlobId[] ids, long[] encodeNanos, int k) throws InterruptedException {
        long e0 = System.nanoTime();
        EncodedBlob blob = arenas.encode(params, blobs.get(k), 0, blobs.get(k).length);
        encodeNanos[k] = System.nanoTime() - e0;
        StoreResult r;
        try {
            r = client.store(blob, StoreOptions.permanent(1));
        } finally {
            blob.release();
        }
        if (!(r instanceof StoreResult.NewlyCreated)) {
            throw new IllegalStateException("blob " + k + " was not newly stored: " + r);
        }
        ids[k] = r.blobId();
    }

    private static void readBack(StorageClient client, List<byte[]> blobs, BlobId[] ids, int k) throws Exception {
        byte[] back = client.read(ids[k]);
        if (!Arrays.equals(back, blobs.get(k))) {
            throw new IllegalStateException("blob " + ids[k] + " read back different bytes");
        }
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
