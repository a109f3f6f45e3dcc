package dev.walrusstream.app.cli;

import dev.walrusstream.codec.text.ByteSize;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.app.stack.CpuMeter;
import dev.walrusstream.app.stack.EmbeddedStack;
import dev.walrusstream.app.stack.PipelineRun;
import dev.walrusstream.app.stack.SampleData;
import dev.walrusstream.app.stack.StackOptions;
import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.app.stack.ReceiptWatcher;
import dev.walrusstream.ingest.DatasetRef;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream bench pipeline}: end-to-end throughput of the embedded stack, from the first
 * chunk produced to the last receipt, on generated data.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "End-to-end MB/s on the embedded stack (first chunk produced to last receipt), Sui transactions "
                + "and gas per blob and GiB, and the latency of single uploads; one JSON line.")
public final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--clips", defaultValue = "8", description = "Large files (cut into blobs) (default ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--clip-size", defaultValue = "4MiB", description = "Size of each large file (default ${DEFAULT-VALUE}).")
    String clipSize;

    @Option(names = "--samples", defaultValue = "200", description = "Small files (packed into quilts) (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--nodes", defaultValue = "4", description = "Storage nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--shards", defaultValue = "100", description = "Shards (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the job (default ${DEFAULT-VALUE}).")
    int parallelism;

    @picocli.CommandLine.Mixin
    LedgerOption ledger = new LedgerOption();

    @Option(names = "--dataset", paramLabel = "NAME/VERSION",
            description = "Ingest as this dataset version, then close it and time the job's final manifest "
                    + "(closeToManifestSeconds: close marker sent to MANIFEST receipt read).")
    String dataset;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A job setting for the run, e.g. --set sink.blobs-in-flight=4 (repeatable; see Job settings).")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Option(names = "--latency-uploads", defaultValue = "8",
            description = "Uploads sent one at a time after the run to time first chunk -> receipt "
                    + "(uploadLatencyP50Ms/P99Ms; 0: none) (default ${DEFAULT-VALUE}).")
    int latencyUploads;

    @Option(names = "--warmup-clips", defaultValue = "0",
            description = "Before the measured run, a pass of this many large files of --clip-size and a tenth of "
                    + "--samples small ones (other bytes), not measured: JIT, connections, the job's first "
                    + "checkpoints; 0: none (default ${DEFAULT-VALUE}).")
    int warmupClips;

    @Option(names = "--latency-size", defaultValue = "1MiB", description = "Size of each timed upload (default ${DEFAULT-VALUE}).")
    String latencySize;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Record a JFR profile (settings 'profile', plus CPU-time samples on JDK 25+) from the first "
                    + "chunk produced to the last upload read back and write it to FILE; bench/jfr-breakdown.py "
                    + "sorts its samples by component.")
    Path profile;

    /** The {@code q}-quantile (nearest rank) of {@code values}. */
    static long quantile(List<Long> values, double q) {
        List<Long> sorted = new java.util.ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * The encoder's and the verifiers' CPU s/MB in this process, on three blobs of random bytes of the
     * given size, after one warm-up encode: medians of alternating rounds ({@link CpuMeter#protocol}).
     */
    private static CpuMeter.ProtocolCpu protocolCpu(int n, int size, int nodes) {
        dev.walrusstream.codec.RedStuff codec = dev.walrusstream.codec.RedStuff.create();
        dev.walrusstream.codec.RedStuffParams params = dev.walrusstream.codec.RedStuffParams.of(n);
        java.util.Random random = new java.util.Random(11);
        List<byte[]> blobs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            blobs.add(b);
        }
        CpuMeter.encoderSecondsPerMB(codec, params, blobs.subList(0, 1));
        return CpuMeter.protocol(codec, params, blobs.subList(1, 4), nodes, CpuMeter.PROTOCOL_ROUNDS);
    }

    @Override
    public Integer call() throws Exception {
        if (latencyUploads < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--latency-uploads must be 0 or more, got " + latencyUploads);
        }
        if (warmupClips < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--warmup-clips must be 0 or more, got " + warmupClips);
        }
        Path work = Files.createTempDirectory("walrus-stream-bench-pipeline");
        try {
            Path data = SampleData.write(work.resolve("data"), samples, clips,
                    (int) ByteSize.parse(clipSize), 7);
            StackOptions options = StackOptions.defaults(work.resolve("stack")).withCommittee(nodes, shards)
                    .withParallelism(parallelism).withLedger(ledger.ledger());
            for (var e : settings.entrySet()) {
                options = options.withJob(e.getKey(), e.getValue());
            }
            try (EmbeddedStack stack = EmbeddedStack.start(options, new PrintStream(new ByteArrayOutputStream()))) {
                String[] dv = dataset == null ? null : dataset.split("/", 2);
                if (dv != null && dv.length != 2) {
                    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                            "--dataset must be NAME/VERSION, got '" + dataset + "'");
                }
                IngestSettings ingest = dv == null ? IngestSettings.builder().build()
                        : IngestSettings.builder().dataset(dv[0], dv[1]).build();
                if (warmupClips > 0) {
                    // other bytes than the measured files (seed 8, not 7): nothing of the measured run is stored already
                    Path warm = SampleData.write(work.resolve("warmup"), samples / 10, warmupClips,
                            (int) ByteSize.parse(clipSize), 8);
                    PipelineRun.Result w = PipelineRun.run(stack, List.of(warm.toString()), ingest,
                            ProgressListener.NONE, x -> { }, EmbeddedStack.defaultTimeout());
                    if (!w.allVerified()) {
                        throw new IllegalStateException("the warm-up pass did not store and read back all its "
                                + w.outcomes().size() + " uploads");
                    }
                }
                var localSui = stack.network().localSui();
                long tx0 = localSui == null ? -1 : localSui.checkpointHeight();
                jdk.jfr.Recording recording = profile == null ? null : BenchNetCommand.startRecording();
                PipelineRun.Result r = PipelineRun.run(stack, List.of(data.toString()), ingest,
                        ProgressListener.NONE, x -> { }, EmbeddedStack.defaultTimeout());
                if (recording != null) {
                    recording.stop(); // covers the read-back too (PipelineRun verifies before it returns)
                    recording.dump(profile);
                    recording.close();
                }
                // LocalSui makes one checkpoint per transaction: checkpoints count the job's Sui transactions
                long tx1 = localSui == null ? -1 : localSui.checkpointHeight();
                long suiTx = localSui == null ? -1 : tx1 - tx0;
                // the SUI the job's transactions paid, from their effects (what Results.Paid carries)
                long suiGas = localSui == null ? -1 : localSui.gasUsed(tx0, tx1);
                List<Long> latencies = List.of();
                if (latencyUploads > 0) {
                    Path timed = Files.createDirectories(work.resolve("latency"));
                    List<Path> files = new java.util.ArrayList<>();
                    java.util.Random random = new java.util.Random(11);
                    for (int i = 0; i < latencyUploads; i++) {
                        byte[] bytes = new byte[(int) ByteSize.parse(latencySize)];
                        random.nextBytes(bytes);
                        files.add(Files.write(timed.resolve("timed-" + i + ".bin"), bytes));
                    }
                    latencies = PipelineRun.latencies(stack, files, IngestSettings.builder().build(),
                            EmbeddedStack.defaultTimeout());
                }
                double closeSeconds = -1;
                if (dv != null) {
                    try (KafkaChunkSink sink = KafkaChunkSink.create(stack.services().bootstrapServers(),
                            stack.services().registryClient(), ingest);
                         ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(
                                 stack.services().bootstrapServers(), stack.services().registryUrl(),
                                 stack.jobConfig().receiptsTopic())) {
                        long t0 = System.nanoTime();
                        sink.closeVersion(new DatasetRef(dv[0], dv[1]));
                        DatasetManifests.awaitFinal(receipts, dv[0], dv[1], EmbeddedStack.defaultTimeout());
                        closeSeconds = (System.nanoTime() - t0) / 1e9;
                    }
                }
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("benchmark", "pipeline");
                json.put("nodes", nodes);
                json.put("nShards", shards);
                json.put("chain", options.ledger().label());
                json.put("parallelism", parallelism);
                json.put("warmupClips", warmupClips);
                settings.forEach((k, v) -> json.put(k, v));
                json.put("uploads", r.outcomes().size());
                json.put("bytes", r.bytes());
                json.put("allVerified", r.allVerified());
                json.put("endToEndMBps", Math.round(r.endToEndMBps() * 100) / 100.0);
                json.put("ingestSeconds", Math.round(r.ingestNanos() / 1e7) / 100.0);
                json.put("receiptsSeconds", Math.round(r.receiptsNanos() / 1e7) / 100.0);
                if (dv != null) {
                    json.put("dataset", dataset);
                    json.put("closeToManifestSeconds", Math.round(closeSeconds * 100) / 100.0);
                }
                if (suiTx >= 0) {
                    java.util.Set<String> blobs = new java.util.HashSet<>();
                    r.outcomes().forEach(o -> o.receipts().forEach(b -> {
                        if (b.getBlobId() != null) {
                            blobs.add(b.getBlobId().toString());
                        }
                    }));
                    json.put("blobs", blobs.size());
                    json.put("suiTx", suiTx);
                    json.put("suiTxPerBlob", blobs.isEmpty() ? 0 : Math.round(suiTx * 1000.0 / blobs.size()) / 1000.0);
                    json.put("suiGasMist", suiGas);
                    json.put("suiGasPerGiB", Math.round(suiGas / 1e9 / (r.bytes() / (double) (1L << 30)) * 1000) / 1000.0);
                }
                if (!latencies.isEmpty()) {
                    long interval = stack.jobConfig().checkpointInterval().toMillis();
                    json.put("latencyUploads", latencies.size());
                    json.put("latencyUploadBytes", ByteSize.parse(latencySize));
                    json.put("uploadLatencyP50Ms", quantile(latencies, 0.5));
                    json.put("uploadLatencyP99Ms", quantile(latencies, 0.99));
                    json.put("checkpointIntervalMs", interval);
                    json.put("latencyTargetMs", 2 * interval + 1000);
                }
                // CPU per MB over the same window, beside the encoder's own on blobs of the job's segment size
                long segment = Math.min(stack.jobConfig().segmentSize(), ByteSize.parse(clipSize));
                CpuMeter.ProtocolCpu protocol = protocolCpu(shards, (int) segment, nodes);
                double encoderCpu = protocol.encoderSecondsPerMB();
                json.put("cpuSecondsPerMB", Math.round(r.cpuSecondsPerMB() * 10000) / 10000.0);
                json.put("encoderCpuSecondsPerMB", Math.round(encoderCpu * 10000) / 10000.0);
                json.put("cpuVsEncoder", Math.round(r.cpuSecondsPerMB() / encoderCpu * 100) / 100.0);
                json.put("verifierCpuSecondsPerMB", Math.round(protocol.verifierSecondsPerMB() * 10000) / 10000.0);
                json.put("protocolFloorVsEncoder", Math.round(protocol.floorVsEncoder() * 100) / 100.0);
                if (!Double.isNaN(r.compilerShare())) {
                    // how much of cpuSecondsPerMB was the JIT still compiling (a long-running job's is near 0)
                    json.put("jitCpuShare", r.compilerShare());
                }
                json.put("readBackMBps", Math.round(r.bytes() / 1e6 / (r.readNanos() / 1e9) * 100) / 100.0);
                System.out.println(json);
                return r.allVerified() ? 0 : 1;
            }
        } finally {
            DemoCommand.deleteQuietly(work);
        }
    }
}
