package dev.walrusstream.app.stack;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.Ingestor;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.ProgressListener;
import dev.walrusstream.ingest.SourcePlanner;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.ingest.Uploader;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DeadLetter;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One pass through a running stack, as the demo, the pipeline benchmark and the tests do it: ingest
 * paths, wait for every upload's receipts (or its dead letter), read everything back through the
 * storage client and check it against what was ingested.
 */
public final class PipelineRun {
    /** What happened to one upload. */
    public record Outcome(UploadResult upload, List<BlobReceipt> receipts, DeadLetter deadLetter, boolean verified,
                          String problem) {
    }

    /** The whole run with its timings (nanoseconds). */
    public record Result(IngestReport ingest, List<Outcome> outcomes, long ingestNanos, long receiptsNanos,
                         long readNanos, List<DeadLetter> deadLetters, long cpuNanos, long compilerNanos) {
        public long bytes() {
            return ingest.bytes();
        }

        public boolean allVerified() {
            return outcomes.stream().allMatch(Outcome::verified);
        }

        /** Process CPU seconds per MB ingested, from the first chunk produced to the last receipt. */
        public double cpuSecondsPerMB() {
            return CpuMeter.secondsPerMB(cpuNanos, bytes());
        }

        /**
         * The share of that CPU the JIT compilers spent (their threads' CPU over the process's), NaN
         * where the platform does not tell.
         */
        public double compilerShare() {
            return CpuMeter.compilerShare(compilerNanos, cpuNanos);
        }

        /** MB/s from the first chunk produced to the last receipt. */
        public double endToEndMBps() {
            return bytes() / 1e6 / ((ingestNanos + receiptsNanos) / 1e9);
        }
    }

    private PipelineRun() {
    }

    public static IngestReport ingest(EmbeddedStack stack, List<String> paths, IngestSettings settings,
                                      ProgressListener progress) throws Exception {
        try (KafkaChunkSink sink = KafkaChunkSink.create(stack.services().bootstrapServers(),
                stack.services().registryClient(), settings)) {
            return new Ingestor(new Uploader(sink, settings), progress)
                    .ingest(new SourcePlanner(w -> { }).plan(paths, System.in, "stdin", null));
        }
    }

    /** Ingests, waits for receipts and verifies by reading back. */
    public static Result run(EmbeddedStack stack, List<String> paths, IngestSettings settings, ProgressListener progress,
                             Consumer<BlobReceipt> onReceipt, Duration timeout) throws Exception {
        String bootstrap = stack.services().bootstrapServers();
        String registry = stack.services().registryUrl();
        try (ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(bootstrap, registry, stack.jobConfig().receiptsTopic());
             ReceiptWatcher<DeadLetter> dead = ReceiptWatcher.deadLetters(bootstrap, registry, stack.jobConfig().deadLetterTopic())) {
            receipts.poll(Duration.ZERO);
            dead.poll(Duration.ZERO);
            long cpu0 = CpuMeter.processCpuNanos();
            long jit0 = CpuMeter.compilerCpuNanos();
            long t0 = System.nanoTime();
            IngestReport report = ingest(stack, paths, settings, progress);
            long t1 = System.nanoTime();
            Set<String> ids = new HashSet<>();
            report.uploads().forEach(u -> ids.add(u.uploadId()));
            Map<String, List<BlobReceipt>> byUpload = ReceiptWatcher.awaitUploads(receipts, dead, ids, timeout, onReceipt);
            long t2 = System.nanoTime();
            long cpuNanos = CpuMeter.processCpuNanos() - cpu0;
            long compilerNanos = CpuMeter.compilerCpuSince(jit0);
            List<DeadLetter> deadLetters = dead.poll(Duration.ZERO);
            List<Outcome> outcomes = new ArrayList<>();
            try (StorageClient client = stack.newClient()) {
                for (UploadResult upload : report.uploads()) {
                    DeadLetter d = deadLetters.stream().filter(x -> upload.uploadId().equals(x.getUploadId())).findFirst().orElse(null);
                    List<BlobReceipt> mine = new ArrayList<>(byUpload.getOrDefault(upload.uploadId(), List.of()));
                    mine.sort(Comparator.comparingInt(BlobReceipt::getSegment));
                    outcomes.add(verify(client, upload, mine, d));
                }
            }
            long t3 = System.nanoTime();
            return new Result(report, outcomes, t1 - t0, t2 - t1, t3 - t2, deadLetters, cpuNanos, compilerNanos);
        }
    }

    /**
     * Upload latency, one upload at a time: for each file, the time from handing it to the ingestor
     * (its first chunk is produced at once) to its last receipt read back from the receipts topic,
     * in milliseconds, in the order of {@code files}. One producer serves every upload.
     */
    public static List<Long> latencies(EmbeddedStack stack, List<java.nio.file.Path> files, IngestSettings settings,
                                       Duration timeout) throws Exception {
        String bootstrap = stack.services().bootstrapServers();
        String registry = stack.services().registryUrl();
        List<Long> out = new ArrayList<>();
        try (ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(bootstrap, registry, stack.jobConfig().receiptsTopic());
             ReceiptWatcher<DeadLetter> dead = ReceiptWatcher.deadLetters(bootstrap, registry, stack.jobConfig().deadLetterTopic());
             KafkaChunkSink sink = KafkaChunkSink.create(bootstrap, stack.services().registryClient(), settings)) {
            receipts.poll(Duration.ZERO);
            dead.poll(Duration.ZERO);
            for (java.nio.file.Path f : files) {
                long t0 = System.nanoTime();
                IngestReport report = new Ingestor(new Uploader(sink, settings), ProgressListener.NONE)
                        .ingest(new SourcePlanner(w -> { }).plan(List.of(f.toString()), System.in, "stdin", null));
                Set<String> ids = new HashSet<>();
                report.uploads().forEach(u -> ids.add(u.uploadId()));
                ReceiptWatcher.awaitUploads(receipts, dead, ids, timeout, r -> { });
                out.add((System.nanoTime() - t0) / 1_000_000);
            }
        }
        return out;
    }

    /** Reads every blob or patch of the upload back and compares with the upload's size and SHA-256. */
    static Outcome verify(StorageClient client, UploadResult upload, List<BlobReceipt> receipts, DeadLetter dead) {
        if (dead != null) {
            return new Outcome(upload, receipts, dead, false, dead.getReason() + ": " + dead.getMessage());
        }
        try {
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            for (BlobReceipt r : receipts) {
                if (r.getError() != null) {
                    return new Outcome(upload, receipts, null, false, "store failed in " + r.getError().getPhase() + ": "
                            + r.getError().getReason());
                }
                back.writeBytes(r.getQuiltPatchId() != null
                        ? client.readQuiltPatch(QuiltPatchId.parse(r.getQuiltPatchId())).patch().data()
                        : client.read(BlobId.parse(r.getBlobId())));
            }
            byte[] bytes = back.toByteArray();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (bytes.length != upload.size() || !sha.equalsIgnoreCase(upload.sha256())) {
                return new Outcome(upload, receipts, null, false, "read back " + bytes.length + " bytes with SHA-256 " + sha
                        + ", ingested " + upload.size() + " bytes with " + upload.sha256());
            }
            return new Outcome(upload, receipts, null, true, null);
        } catch (Exception e) {
            return new Outcome(upload, receipts, null, false, "read back failed: " + e.getMessage());
        }
    }
}
