package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.app.stack.CpuMeter;
import dev.walrusstream.app.stack.ReceiptWatcher;
import dev.walrusstream.app.stack.RoleCpu;
import dev.walrusstream.app.stack.SampleData;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.deploy.FlinkRestClient;
import dev.walrusstream.deploy.JobSubmission;
import dev.walrusstream.deploy.JobSubmitter;
import dev.walrusstream.deploy.SubmitOutcome;
import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.deploy.local.FlinkSession;
import dev.walrusstream.deploy.local.LocalDeployment;
import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.Ingestor;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.ProgressListener;
import dev.walrusstream.ingest.SourcePlanner;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.ingest.Uploader;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream bench cluster}: end-to-end throughput of the job on a Flink cluster of separate
 * processes (JobManager, one TaskManager), with the Kafka broker, the registry, LocalChain and the storage
 * nodes each in their own process, for each job parallelism asked for. Fresh topics and fresh data per
 * run, so no run finds another's blobs already certified.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end MB/s (first chunk produced to last receipt) of the job on a Flink session cluster "
                + "of separate processes, with Kafka, the registry, LocalChain and the storage nodes as processes too; "
                + "one JSON line per job parallelism. Every upload is read back and checked.",
                "Needs the job jar and the class path files of runtimes/ (mvn -pl job-dist -am package -DskipTests "
                        + "builds all three)."})
public final class BenchClusterCommand implements Callable<Integer> {
    @Option(names = "--parallelism", split = ",", defaultValue = "1,2", paramLabel = "P[,P...]",
            description = "Job parallelisms to measure, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> parallelisms;

    @Option(names = "--clips", defaultValue = "8", description = "Large files per run (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--clip-size", defaultValue = "2MiB", description = "Size of each large file, up to +25% (default: ${DEFAULT-VALUE}).")
    String clipSize;

    @Option(names = "--samples", defaultValue = "40", description = "Small files per run, packed into quilts (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--warmup-clips", defaultValue = "4",
            description = "Large files of a first, unreported run at the highest parallelism that warms up every JVM "
                    + "(JIT), so runs compare steady states; 0 skips it (default: ${DEFAULT-VALUE}).")
    int warmupClips;

    @Option(names = "--nodes", defaultValue = "4", description = "Storage nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--shards", defaultValue = "20", description = "Shards (default: ${DEFAULT-VALUE}; its largest blob is 7.3 MB).")
    int shards;

    @Option(names = "--slots", defaultValue = "2", description = "Task slots of the TaskManager (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--segment-size", defaultValue = "4MiB", description = "The job's segment.size (default: ${DEFAULT-VALUE}).")
    String segmentSize;

    @Option(names = "--taskmanager-heap", paramLabel = "SIZE",
            description = "The TaskManager's task heap (default: the cluster tests' "
                    + "768MiB; 16 MiB segments at 100 shards collect less with 2GiB or more).")
    String taskManagerHeap;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The repository (job-dist/target and runtimes/*/target); default: where the launcher runs from.")
    Path home;

    @Option(names = "--work", paramLabel = "DIR", description = "Keep every process's logs and data here (default: a "
            + "temporary directory, removed).")
    Path work;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path root = home != null ? home : Path.of(System.getProperty("walrus.home", "."));
        Path jar = Path.of(System.getProperty("walrus.job.jar", root.resolve("job-dist/target/walrus-stream-job.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no job jar at " + jar + "; build it: mvn -pl job-dist -am package -DskipTests");
        }
        boolean temporary = work == null;
        Path dir = temporary ? Files.createTempDirectory("walrus-stream-bench-cluster") : work;
        int maxP = parallelisms.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (maxP > slots) {
            throw new IllegalArgumentException("parallelism " + maxP + " needs " + maxP + " slots; --slots is " + slots);
        }
        FlinkSession.Settings flink = FlinkSession.Settings.defaults(dir.resolve("checkpoints"));
        if (taskManagerHeap != null) {
            flink = new FlinkSession.Settings(flink.taskManagerMemory().withTaskHeapMiB(heapMiB(taskManagerHeap)),
                    flink.checkpointDir(), flink.heartbeatTimeout(), flink.extraConfiguration());
        }
        LocalDeployment.Settings settings = new LocalDeployment.Settings(nodes, shards, 1, slots, 4, flink);
        LocalDeployment.Classpaths classpaths = LocalDeployment.Classpaths.fromFiles(
                root.resolve("runtimes/flink/target/classpath.txt"), root.resolve("runtimes/kafka/target/classpath.txt"),
                LocalDeployment.Classpaths.currentJvm());
        int failures = 0;
        try (LocalDeployment d = LocalDeployment.start(dir.resolve("deployment"), classpaths, settings, Duration.ofMinutes(3))) {
            if (warmupClips > 0) {
                failures += run(d, jar, dir, maxP, "warmup", warmupClips, samples / 4) ? 0 : 1;
            }
            for (int p : parallelisms) {
                failures += run(d, jar, dir, p, "p" + p, clips, samples) ? 0 : 1;
            }
        } finally {
            if (temporary) {
                DemoCommand.deleteQuietly(dir);
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private boolean run(LocalDeployment d, Path jar, Path dir, int p, String name, int clipCount, int sampleCount)
            throws Exception {
        String chunks = "bench." + name + ".chunks";
        String receiptsTopic = "bench." + name + ".receipts";
        String dlq = "bench." + name + ".dlq";
        d.kafka().createTopics(4, chunks, receiptsTopic, dlq);
        Map<String, String> job = new LinkedHashMap<>();
        job.put("parallelism", Integer.toString(p));
        job.put("checkpoint.interval", "2s");
        job.put("segment.size", segmentSize);
        job.put("quilt.threshold", "64KiB");
        job.put("quilt.linger", "1s");
        job.put("topic.chunks", chunks);
        job.put("topic.receipts", receiptsTopic);
        job.put("topic.dlq", dlq);
        job.put("kafka.group-id", "bench-" + name);
        job.put("kafka.transactional-id-prefix", "bench-" + name);
        Path config = d.writeJobConfig(job);
        FlinkRestClient rest = d.flink().rest();
        SubmitOutcome submitted = new JobSubmitter(rest, Duration.ofMinutes(3), Duration.ofMillis(500))
                .submit(JobSubmission.builder(jar).args(List.of("--config", config.toString())).build(), null, x -> { });
        if (!(submitted instanceof SubmitOutcome.Running running)) {
            throw new IllegalStateException("job at parallelism " + p + " did not start: " + submitted);
        }
        Path data = SampleData.write(dir.resolve("data-" + name), sampleCount, clipCount, (int) ByteSize.parse(clipSize),
                name.hashCode());
        IngestSettings ingest = IngestSettings.builder().topic(chunks).build();
        try (ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(d.kafka().bootstrapServers(),
                d.registry().baseUrl(), receiptsTopic)) {
            receipts.poll(Duration.ZERO);
            RoleCpu cpu = RoleCpu.of(pidsByName(d));
            Map<String, Long> cpu0 = cpu.snapshot();
            long t0 = System.nanoTime();
            IngestReport report;
            try (KafkaChunkSink sink = KafkaChunkSink.create(d.kafka().bootstrapServers(),
                    SchemaRegistryClient.of(d.registry().baseUrl()), ingest)) {
                report = new Ingestor(new Uploader(sink, ingest), ProgressListener.NONE)
                        .ingest(new SourcePlanner(w -> { }).plan(List.of(data.toString()), System.in, "stdin", null));
            }
            long t1 = System.nanoTime();
            List<String> ids = report.uploads().stream().map(UploadResult::uploadId).toList();
            Map<String, List<BlobReceipt>> byUpload = ReceiptWatcher.awaitUploads(receipts, null, ids,
                    Duration.ofMinutes(20), r -> { });
            long t2 = System.nanoTime();
            Map<String, Long> cpuByRole = cpu.byRoleSince(cpu0);
            int verified = verify(d, report, byUpload);
            ChildJvm tm = d.flink().taskManager("taskmanager-0");
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("benchmark", "cluster");
            json.put("run", name);
            json.put("parallelism", p);
            json.put("taskManagers", 1);
            json.put("slots", slots);
            json.put("nodes", nodes);
            json.put("nShards", shards);
            json.put("uploads", ids.size());
            json.put("bytes", report.bytes());
            json.put("blobs", byUpload.values().stream().flatMap(List::stream).map(BlobReceipt::getBlobId).distinct().count());
            json.put("verified", verified);
            json.put("endToEndMBps", Math.round(report.bytes() / 1e6 / ((t2 - t0) / 1e9) * 100) / 100.0);
            json.put("ingestSeconds", Math.round((t1 - t0) / 1e7) / 100.0);
            json.put("lastReceiptSeconds", Math.round((t2 - t0) / 1e7) / 100.0);
            json.put("submitSeconds", Math.round(running.took().toMillis() / 10.0) / 100.0);
            tm.peakRssBytes().ifPresent(b -> json.put("taskManagerPeakRssMB", b >> 20));
            putCpu(json, cpuByRole, report.bytes());
            // what the job's checkpoints wrote (the assembler's buffered upload bytes, mostly), against the input
            FlinkRestClient.Checkpoints checkpoints = rest.checkpoints(running.jobId());
            json.put("checkpoints", checkpoints.completed());
            json.put("checkpointedMB", Math.round(checkpoints.checkpointedBytesTotal() / 1e4) / 100.0);
            json.put("checkpointedPerIngestedByte",
                    Math.round(checkpoints.checkpointedBytesTotal() * 1000.0 / report.bytes()) / 1000.0);
            out.println(json);
            out.flush();
            rest.cancel(running.jobId());
            return verified == ids.size();
        }
    }

    static int heapMiB(String size) {
        long bytes = ByteSize.parse(size);
        if (bytes < (64L << 20) || bytes > (64L << 30)) {
            throw new IllegalArgumentException("--taskmanager-heap must be between 64MiB and 64GiB, got " + size);
        }
        return (int) (bytes >> 20);
    }

    /** This process (ingest's producer, the receipts' consumer) and every process of the deployment, by name. */
    private static Map<String, Long> pidsByName(LocalDeployment d) {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("bench", ProcessHandle.current().pid());
        pids.put("registry", d.registry().pid());
        for (ChildJvm p : d.processes()) {
            pids.put(p.name(), p.pid());
        }
        return pids;
    }

    /**
     * CPU seconds per MB ingested, by role, over first chunk to last receipt; beside them the encoder's and
     * the verifiers' own figures at the job's segment size (this JVM, medians of alternating rounds), and
     * the ratios of the job (the TaskManagers) to the encoder and of the nodes to the verifiers.
     */
    private void putCpu(ObjectNode json, Map<String, Long> cpuByRole, long bytes) {
        ObjectNode byRole = json.putObject("cpuSecondsPerMB");
        cpuByRole.forEach((role, nanos) -> byRole.put(role, BenchNetCommand.round4(CpuMeter.secondsPerMB(nanos, bytes))));
        byte[] blob = new byte[(int) ByteSize.parse(segmentSize)];
        new java.util.Random(7).nextBytes(blob);
        CpuMeter.ProtocolCpu protocol = CpuMeter.protocol(RedStuff.create(), RedStuffParams.of(shards), List.of(blob),
                nodes, CpuMeter.PROTOCOL_ROUNDS);
        json.put("encoderCpuSecondsPerMB", BenchNetCommand.round4(protocol.encoderSecondsPerMB()));
        json.put("verifierCpuSecondsPerMB", BenchNetCommand.round4(protocol.verifierSecondsPerMB()));
        json.put("jobCpuVsEncoder", Math.round(CpuMeter.secondsPerMB(cpuByRole.getOrDefault("taskmanager", 0L), bytes)
                / protocol.encoderSecondsPerMB() * 100) / 100.0);
        json.put("nodesCpuVsVerifier", Math.round(CpuMeter.secondsPerMB(cpuByRole.getOrDefault("node", 0L), bytes)
                / protocol.verifierSecondsPerMB() * 100) / 100.0);
    }

    /** Reads every upload back (blobs in segment order, quilt patches) and compares size and SHA-256. */
    private static int verify(LocalDeployment d, IngestReport report, Map<String, List<BlobReceipt>> byUpload) throws Exception {
        ClientConfig cc = ClientConfig.read(d.clientConfig());
        int ok = 0;
        try (StorageClient client = new StorageClient(cc.openChain(), cc.options())) {
            for (UploadResult u : report.uploads()) {
                List<BlobReceipt> mine = new ArrayList<>(byUpload.get(u.uploadId()));
                mine.sort(Comparator.comparingInt(BlobReceipt::getSegment));
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                for (BlobReceipt r : mine) {
                    back.writeBytes(r.getQuiltPatchId() != null
                            ? client.readQuiltPatch(QuiltPatchId.parse(r.getQuiltPatchId())).patch().data()
                            : client.read(BlobId.parse(r.getBlobId())));
                }
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back.toByteArray()));
                if (sha.equalsIgnoreCase(u.sha256())) {
                    ok++;
                }
            }
        }
        return ok;
    }
}
