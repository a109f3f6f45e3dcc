package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Chain;
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
import dev.walrusstream.app.stack.ProcessCpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

    @Option(names = "--network-process",
            description = "Run the temporary network (LocalChain and its nodes) in a JVM of its own, started with this "
                    + "JVM's options, and print the CPU of each process apart: the client's (encoding, HTTP, "
                    + "certificates) and the network's (verifying and storing slivers, signing, the ledger).")
    boolean networkProcess;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long blobSize = ByteSize.parse(size);
        if (blobSize > Integer.MAX_VALUE - 16 || count < 1 || warmup < 0) {
            throw new IllegalArgumentException("--size must be below 2 GiB, --count at least 1 and --warmup at least 0; got "
                    + size + ", " + count + ", " + warmup);
        }
        if (config != null && networkProcess) {
            throw new IllegalArgumentException("--network-process starts a temporary network; --config " + config
                    + " names a running one: give one of them");
        }
        try (BenchNetwork network = config != null ? new BenchNetwork.Existing(ClientConfigs.read(config))
                : networkProcess ? BenchNetwork.OwnJvm.start(nodes, shards) : BenchNetwork.InThisJvm.start(nodes, shards)) {
            return measure(network, (int) blobSize);
        }
    }

    private int measure(BenchNetwork network, int blobSize) throws Exception {
        Chain chain = network.clientConfig().openChain();
        int n = chain.info().nShards();
        RedStuffParams params = RedStuffParams.of(n);
        RedStuff codec = RedStuff.create();
        Random random = new Random(System.nanoTime());
        // the measured blobs are held (read back after the store window); warm-up blobs are made, stored, read
        // back and dropped one by one, so a long warm-up holds at most --parallel of them
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[blobSize];
            random.nextBytes(data);
            blobs.add(data);
        }
        BlobId[] ids = new BlobId[count];
        long[] encodeNanos = new long[count];
        Optional<ProcessCpu> other = network.ownProcess();
        long storeWall;
        long readWall;
        long storeCpu;
        long storeJit;
        long otherCpu = 0;
        long otherJit = 0;
        double encoderCpuPerMB;
        double verifierCpuPerMB;
        double floorVsEncoder;
        long arenasMade;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, parallel));
        // the pipeline's sink encodes the same way: into arenas kept from blob to blob, one per blob in flight
        SliverArenaPool arenas = new SliverArenaPool(codec, Math.max(1, parallel));
        try (StorageClient client = new StorageClient(chain, network.options(), codec)) {
            // warm-up blobs first (JIT, connections), not counted
            run(pool, 0, warmup, k -> {
                byte[] data = new byte[blobSize];
                java.util.concurrent.ThreadLocalRandom.current().nextBytes(data);
                readBack(client, data, store(client, arenas, params, data, new long[1], 0));
            });
            jdk.jfr.Recording recording = profile == null ? null : startRecording();
            long otherCpu0 = other.map(ProcessCpu::cpuNanos).orElse(0L);
            long otherJit0 = other.map(ProcessCpu::compilerNanos).orElse(0L);
            long cpu0 = CpuMeter.processCpuNanos();
            long jit0 = CpuMeter.compilerCpuNanos();
            storeWall = run(pool, 0, count, k -> ids[k] = store(client, arenas, params, blobs.get(k), encodeNanos, k));
            storeCpu = CpuMeter.processCpuNanos() - cpu0;
            storeJit = CpuMeter.compilerCpuSince(jit0);
            if (other.isPresent()) {
                otherCpu = other.get().cpuNanos() - otherCpu0;
                long jit = other.get().compilerNanos();
                otherJit = otherJit0 < 0 || jit < 0 ? -1 : jit - otherJit0;
            }
            arenasMade = arenas.created();
            if (recording != null) {
                recording.stop();
                recording.dump(profile);
                recording.close();
            }
            readWall = run(pool, 0, count, k -> readBack(client, blobs.get(k), ids[k]));
            // the encoder alone and the nodes' least share (every sliver verified once), same process, nothing
            // else of the benchmark running: medians of alternating rounds, at most 3 blobs held encoded
            CpuMeter.ProtocolCpu protocol = CpuMeter.protocol(codec, params,
                    blobs.subList(0, Math.min(count, 3)), chain.committee().size(), CpuMeter.PROTOCOL_ROUNDS);
            encoderCpuPerMB = protocol.encoderSecondsPerMB();
            verifierCpuPerMB = protocol.verifierSecondsPerMB();
            floorVsEncoder = protocol.floorVsEncoder();
        } finally {
            pool.shutdownNow();
        }
        long encodeTotal = Arrays.stream(encodeNanos).sum();
        double bytes = blobSize * (double) count;
        double mb = bytes / 1e6;
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
        // the whole store's CPU: this process, and the network's own when it has one
        double cpuPerMB = CpuMeter.secondsPerMB(storeCpu + otherCpu, bytes);
        o.put("cpuSecondsPerMB", round4(cpuPerMB));
        o.put("encoderCpuSecondsPerMB", round4(encoderCpuPerMB));
        o.put("cpuVsEncoder", round(cpuPerMB / encoderCpuPerMB));
        o.put("verifierCpuSecondsPerMB", round4(verifierCpuPerMB));
        o.put("protocolFloorVsEncoder", round(floorVsEncoder));
        double jitShare = storeJit < 0 || otherJit < 0 ? Double.NaN
                : CpuMeter.compilerShare(storeJit + otherJit, storeCpu + otherCpu);
        if (!Double.isNaN(jitShare)) {
            // how much of cpuSecondsPerMB was the JIT still compiling (a long-running node's is near 0)
            o.put("jitCpuShare", jitShare);
        }
        if (other.isPresent()) {
            // each process apart: the client against the encoder (its share of the protocol), the network
            // against the verifiers (theirs)
            double clientPerMB = CpuMeter.secondsPerMB(storeCpu, bytes);
            double networkPerMB = CpuMeter.secondsPerMB(otherCpu, bytes);
            o.put("clientCpuSecondsPerMB", round4(clientPerMB));
            o.put("clientCpuVsEncoder", round(clientPerMB / encoderCpuPerMB));
            putShare(o, "clientJitCpuShare", CpuMeter.compilerShare(storeJit, storeCpu));
            o.put("networkCpuSecondsPerMB", round4(networkPerMB));
            o.put("networkCpuVsVerifier", round(networkPerMB / verifierCpuPerMB));
            putShare(o, "networkJitCpuShare", CpuMeter.compilerShare(otherJit, otherCpu));
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
    }

    private static void putShare(ObjectNode o, String field, double share) {
        if (!Double.isNaN(share)) {
            o.put(field, share);
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

    /** Encodes {@code data} into a pooled arena and stores it; its encode time goes to {@code encodeNanos[k]}. */
    private static BlobId store(StorageClient client, SliverArenaPool arenas, RedStuffParams params, byte[] data,
                                long[] encodeNanos, int k) throws InterruptedException {
        long e0 = System.nanoTime();
        EncodedBlob blob = arenas.encode(params, data, 0, data.length);
        encodeNanos[k] = System.nanoTime() - e0;
        StoreResult r;
        try {
            r = client.store(blob, StoreOptions.permanent(1));
        } finally {
            blob.release();
        }
        if (!(r instanceof StoreResult.NewlyCreated)) {
            throw new IllegalStateException("blob " + r.blobId() + " was not newly stored: " + r);
        }
        return r.blobId();
    }

    private static void readBack(StorageClient client, byte[] data, BlobId id) throws Exception {
        byte[] back = client.read(id);
        if (!Arrays.equals(back, data)) {
            throw new IllegalStateException("blob " + id + " read back different bytes");
        }
    }

    /** A CPU-seconds figure as the benchmarks print it: rounded to 0.0001. */
    static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
