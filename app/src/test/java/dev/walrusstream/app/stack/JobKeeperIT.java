package dev.walrusstream.app.stack;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.deploy.FlinkRestClient;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.devnet.ledger.LedgerGenesis;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.Ingestor;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.ProgressListener;
import dev.walrusstream.ingest.SourcePlanner;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.ingest.Uploader;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestCodec;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import dev.walrusstream.schemas.ReceiptKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keeper inside the job ({@code keeper.enabled}) on a running stack: a dataset's blobs, stored for
 * 2 epochs, stay alive across five epoch changes because the job renews them (3 blobs in batches of
 * 2: two transactions a round); the version's next manifest snapshot lists the new end epochs; at
 * its budget (two and a half rounds) the job's keeper stops with KEEPER STOPPED on its metrics while
 * the pipeline goes on certifying new uploads without a restart. On both ledgers of the stack: LocalChain
 * over HTTP, and LocalSui with SuiChain (each batch one programmable transaction).
 */
class JobKeeperIT {
    static final int FILES = 3;
    static final int SIZE = 100_000;
    static final int SHARDS = 10;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StackOptions.Ledger.class)
    void aRunningJobKeepsItsDatasetAliveAndStopsAtItsBudgetWhileThePipelineGoesOn(StackOptions.Ledger ledger)
            throws Exception {
        // every blob costs the same to renew: one 1 MiB unit per epoch for 2 epochs
        long encoded = RedStuffParams.of(SHARDS).encodedLength(SIZE);
        long perBlob = LedgerGenesis.DEFAULT_STORAGE_PRICE * ChainInfo.storageUnits(encoded) * 2;
        long perRound = FILES * perBlob;
        long budget = 2 * perRound + perRound / 2;
        StackOptions options = StackOptions.defaults(dir.resolve("stack")).withLedger(ledger)
                .withCommittee(4, SHARDS)
                .withJob("segment.size", "256KiB")
                .withJob("quilt.threshold", "1KiB")
                .withJob("store.epochs", "2")
                .withJob("manifest.snapshot-interval", "1s")
                .withJob("keeper.enabled", "true")
                .withJob("keeper.min-epochs-left", "2")
                .withJob("keeper.epochs-extended", "2")
                .withJob("keeper.batch", "2")
                .withJob("keeper.interval", "300ms")
                .withJob("keeper.budget", BigDecimal.valueOf(budget, 9).toPlainString());
        Random random = new Random(17);
        try (EmbeddedStack stack = EmbeddedStack.start(options, new PrintStream(new ByteArrayOutputStream()));
             ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().receiptsTopic());
             StorageClient reader = stack.newClient()) {
            // reads through the stack's own client: LocalChain over HTTP, or SuiChain against LocalSui, whose
            // keeper renews in one programmable transaction per batch
            Chain chain = reader.chain();
            java.util.function.IntSupplier advanceEpoch = ledger == StackOptions.Ledger.LOCAL
                    ? () -> stack.network().chain().advanceEpoch() : () -> stack.network().localSui().advanceEpoch();
            java.util.function.IntSupplier ledgerEpoch = ledger == StackOptions.Ledger.LOCAL
                    ? () -> stack.network().chain().currentEpoch() : () -> stack.network().localSui().walrusEpoch();
            ChainInfo info = chain.info();
            assertEquals(perBlob, info.storageCost(encoded, 2), "the test's price is the chain's");
            FlinkRestClient rest = JobWatch.rest(stack);
            String job = stack.job().toString();

            Path files = dir.resolve("archive");
            Files.createDirectories(files);
            for (int i = 0; i < FILES; i++) {
                StackFiles.write(files.resolve("clip-" + i + ".bin"), random, SIZE);
            }
            IngestReport report = ingest(stack, files, "archive", "v1");
            List<String> ids = report.uploads().stream().map(UploadResult::uploadId).toList();
            Map<String, List<BlobReceipt>> byUpload = ReceiptWatcher.awaitUploads(receipts, null, ids,
                    Duration.ofMinutes(3), r -> { });
            List<ObjectId> objects = new ArrayList<>();
            for (String id : ids) {
                assertEquals(1, byUpload.get(id).size(), "one blob per upload: " + byUpload.get(id));
                objects.add(ObjectId.parse(byUpload.get(id).get(0).getObjectId()));
            }
            int start = ledgerEpoch.getAsInt();
            for (ObjectId o : objects) {
                assertEquals(start + 2, chain.blobObject(o).orElseThrow().endEpoch(), "stored for 2 epochs: " + o);
            }
            // the builder (and the keeper beside it) has read the receipts once a snapshot lists all three files
            awaitSnapshot(stack, receipts, m -> m.getFiles().size() == FILES, Duration.ofMinutes(2));

            Map<ObjectId, Integer> expected = new HashMap<>();
            objects.forEach(o -> expected.put(o, start + 2));
            int renewalRounds = 0;
            for (int step = 1; step <= 5; step++) {
                int epoch = advanceEpoch.getAsInt();
                boolean due = step == 1 || step == 3; // 1 epoch left, fewer than keeper.min-epochs-left
                if (due) {
                    renewalRounds++;
                    objects.forEach(o -> expected.put(o, expected.get(o) + 2));
                    awaitEndEpochs(chain, expected, Duration.ofMinutes(1));
                }
                for (ObjectId o : objects) {
                    BlobObject b = chain.blobObject(o).orElseThrow();
                    assertTrue(b.endEpoch() > epoch, "blob object " + o + " alive at epoch " + epoch + ": " + b);
                }
                if (step == 1) {
                    // the version's next snapshot carries the new end epochs
                    int moved = start + 4;
                    DatasetManifest m = awaitSnapshot(stack, receipts, s -> s.getFiles().size() == FILES
                            && s.getFiles().stream().allMatch(f -> f.getSegments().get(0).getEndEpoch() == moved),
                            Duration.ofMinutes(2));
                    for (ManifestFile f : m.getFiles()) {
                        ManifestSegment s = f.getSegments().get(0);
                        assertTrue(objects.contains(ObjectId.parse(s.getObjectId())), s.toString());
                    }
                    assertEquals(moved, m.getEndEpoch());
                }
            }
            assertEquals(2, renewalRounds);
            // step 5: 1 epoch left again, but the budget has half a round left: the keeper stops
            String stop = awaitMetricText(rest, job, "walrusKeeperStopMessage", s -> s.contains("KEEPER STOPPED"),
                    Duration.ofMinutes(1));
            assertTrue(stop.contains("'archive'") && stop.contains("budget") && stop.contains("pipeline goes on"), stop);
            assertEquals(List.of(1.0), nonZero(rest.operatorMetric(job, "walrusKeeperStopped")));
            assertEquals((double) 2 * perRound, rest.operatorMetric(job, "walrusKeeperFrostSpent").stream()
                    .mapToDouble(Double::doubleValue).sum(), "spent exactly two rounds, within " + budget);
            assertTrue(rest.operatorMetric(job, "walrusKeeperShortfalls").stream().mapToDouble(Double::doubleValue)
                    .sum() >= 2, "warned when the budget would not cover the next round, and at the stop");
            assertEquals(4.0, rest.operatorMetric(job, "walrusKeeperTransactions").stream()
                    .mapToDouble(Double::doubleValue).sum(), "two rounds of two batched transactions");
            for (ObjectId o : objects) {
                assertEquals(expected.get(o), chain.blobObject(o).orElseThrow().endEpoch(), "not renewed after the stop");
            }

            // the pipeline goes on: a new upload is certified, and the job never restarted
            Path more = dir.resolve("more");
            Files.createDirectories(more);
            StackFiles.write(more.resolve("late.bin"), random, 50_000);
            IngestReport late = ingest(stack, more, "archive", "v2");
            ReceiptWatcher.awaitUploads(receipts, null, late.uploads().stream().map(UploadResult::uploadId).toList(),
                    Duration.ofMinutes(3), r -> { });
            assertEquals(0, JobWatch.snapshot(rest, job).restarts(), "the keeper's stop does not fail the job");
            assertEquals("RUNNING", JobWatch.snapshot(rest, job).state());
        }
    }

    static List<Double> nonZero(List<Double> values) {
        return values.stream().filter(v -> v != 0).toList();
    }

    static IngestReport ingest(EmbeddedStack stack, Path files, String dataset, String version) throws Exception {
        IngestSettings settings = IngestSettings.builder().chunkSize(64 * 1024).dataset(dataset, version).build();
        try (KafkaChunkSink sink = KafkaChunkSink.create(stack.services().bootstrapServers(),
                stack.services().registryClient(), settings)) {
            return new Ingestor(new Uploader(sink, settings), ProgressListener.NONE)
                    .ingest(new SourcePlanner(w -> { }).plan(List.of(files.toString()), System.in, "stdin", null));
        }
    }

    /** Waits, event by event on the chain, until every blob object has its expected end epoch. */
    static void awaitEndEpochs(Chain chain, Map<ObjectId, Integer> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        dev.walrusstream.chain.EventCursor cursor = dev.walrusstream.chain.EventCursor.START;
        while (true) {
            Map<ObjectId, Integer> now = new HashMap<>();
            expected.keySet().forEach(o -> now.put(o, chain.blobObject(o).orElseThrow().endEpoch()));
            if (now.equals(expected)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the job's keeper did not renew within " + timeout + ": expected "
                    + expected + ", on chain " + now);
            cursor = chain.events(cursor, 10_000, Duration.ofSeconds(1)).next(); // wakes at the next transaction
        }
    }

    /** The newest snapshot manifest of archive/v1 that satisfies {@code ok}, read back from the nodes. */
    static DatasetManifest awaitSnapshot(EmbeddedStack stack, ReceiptWatcher<BlobReceipt> receipts,
                                         java.util.function.Predicate<DatasetManifest> ok, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (StorageClient client = stack.newClient()) {
            while (true) {
                for (BlobReceipt r : receipts.poll(Duration.ofMillis(300))) {
                    if (r.getKind() == ReceiptKind.MANIFEST && "manifest-snapshot".equals(r.getSourceName())
                            && "archive".equals(r.getDataset()) && "v1".equals(r.getDatasetVersion())) {
                        DatasetManifest m = ManifestCodec.fromBytes(client.read(BlobId.parse(r.getBlobId())));
                        assertFalse(m.getClosed());
                        if (ok.test(m)) {
                            return m;
                        }
                    }
                }
                assertTrue(System.nanoTime() < deadline, "no matching manifest snapshot of archive/v1 within " + timeout);
            }
        }
    }

    static String awaitMetricText(FlinkRestClient rest, String job, String name,
                                  java.util.function.Predicate<String> ok, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            last = rest.operatorMetricText(job, name);
            for (String v : last) {
                if (ok.test(v)) {
                    return v;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("metric " + name + " never matched within " + timeout + "; last " + last);
    }
}
