package dev.walrusstream.app.stack;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.ingest.CloseMarkers;
import dev.walrusstream.ingest.DatasetRef;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job's dataset manifests against the real broker, registry process, MiniCluster and node servers,
 * through faults: uploads of one version go in, the task manager is killed while some of them are not
 * yet certified, more uploads follow, the whole stack is stopped and started again on its directory
 * (the job resumes from its retained checkpoint), a last batch goes in, the version is closed and the
 * task manager is killed again before those uploads are certified. The
 * final manifest is stored exactly once (one MANIFEST receipt, one blob) and lists every upload
 * exactly once, its segments reading back to the ingested bytes. Snapshots of the open version appear
 * on the way.
 */
class ManifestsIT {
    @TempDir
    Path dir;

    @Test
    void aVersionCrashedAndRestartedMidwayClosesWithEveryFileExactlyOnce() throws Exception {
        StackOptions options = StackOptions.defaults(dir.resolve("stack"))
                .withJob("segment.size", "1MiB")
                .withJob("quilt.threshold", "64KiB")
                .withJob("manifest.snapshot-interval", "2s");
        DatasetRef version = new DatasetRef("footage", "v1");
        Random random = new Random(11);
        Map<String, UploadResult> uploads = new HashMap<>();
        Map<String, Path> roots = new HashMap<>();

        try (EmbeddedStack stack = EmbeddedStack.start(options, quiet());
             ReceiptWatcher<BlobReceipt> receipts = watch(stack)) {
            Path a = batch(dir.resolve("a"), "clips", random, 4, 10);
            IngestReport first = ingest(stack, a, version, false);
            first.uploads().forEach(u -> { uploads.put(u.uploadId(), u); roots.put(u.uploadId(), a); });
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (receipts.poll(Duration.ofMillis(100)).stream().noneMatch(r -> uploads.containsKey(r.getUploadId()))) {
                assertTrue(System.nanoTime() < deadline, "no receipt of the version arrived before the crash");
            }
            long completeAtCrash = uploads.keySet().stream()
                    .filter(id -> ReceiptWatcher.complete(ReceiptWatcher.byUpload(receipts.all()).get(id))).count();
            assertTrue(completeAtCrash < uploads.size(), "the crash must strike while uploads are outstanding ("
                    + completeAtCrash + " of " + uploads.size() + " complete)");
            stack.crashTaskManager();

            Path b = batch(dir.resolve("b"), "more", random, 2, 6);
            IngestReport second = ingest(stack, b, version, false);
            second.uploads().forEach(u -> { uploads.put(u.uploadId(), u); roots.put(u.uploadId(), b); });
            ReceiptWatcher.awaitUploads(receipts, null, uploads.keySet(), Duration.ofMinutes(4), r -> { });
            // a snapshot of the open version lists what was certified; it is no final manifest
            BlobReceipt snapshot = awaitManifest(receipts, version, "manifest-snapshot", Duration.ofMinutes(2));
            try (StorageClient client = stack.newClient()) {
                DatasetManifest s = ManifestCodec.fromBytes(client.read(BlobId.parse(snapshot.getBlobId())));
                assertFalse(s.getClosed());
                assertTrue(s.getFiles().size() <= uploads.size());
            }
            // let a checkpoint complete with the version's state in it before the stop
            Thread.sleep(4 * options.checkpointInterval().toMillis());
        }

        try (EmbeddedStack stack = EmbeddedStack.start(options, quiet());
             ReceiptWatcher<BlobReceipt> receipts = watch(stack)) {
            Path c = batch(dir.resolve("c"), "last", random, 1, 5);
            IngestReport third = ingest(stack, c, version, true);
            third.uploads().forEach(u -> { uploads.put(u.uploadId(), u); roots.put(u.uploadId(), c); });
            // the marker is out and the last uploads are not all certified: crash in the middle of the close
            Map<String, List<BlobReceipt>> sofar = ReceiptWatcher.byUpload(receipts.poll(Duration.ofMillis(100)));
            long lastComplete = third.uploads().stream()
                    .filter(u -> ReceiptWatcher.complete(sofar.get(u.uploadId()))).count();
            assertTrue(lastComplete < third.uploads().size(), "the second crash must strike before the close ("
                    + lastComplete + " of " + third.uploads().size() + " last uploads complete)");
            assertTrue(receipts.all().stream().noneMatch(r -> DatasetManifests.isFinal(r, "footage", "v1")));
            stack.crashTaskManager();

            BlobReceipt manifestReceipt = awaitManifest(receipts, version, "manifest", Duration.ofMinutes(4));
            receipts.poll(Duration.ofSeconds(5)); // a duplicate would arrive by now
            List<BlobReceipt> finals = receipts.all().stream()
                    .filter(r -> r.getKind() == ReceiptKind.MANIFEST && "manifest".equals(r.getSourceName())
                            && "footage".equals(r.getDataset()) && "v1".equals(r.getDatasetVersion()))
                    .toList();
            assertEquals(1, finals.size(), "exactly one final manifest receipt: " + finals);
            for (BlobReceipt r : receipts.all()) {
                if (uploads.containsKey(r.getUploadId())) {
                    assertEquals(ReceiptKind.UPLOAD, r.getKind());
                    assertEquals("footage", r.getDataset());
                    assertEquals("v1", r.getDatasetVersion());
                }
            }

            try (StorageClient client = stack.newClient()) {
                DatasetManifest m = ManifestCodec.fromBytes(client.read(BlobId.parse(manifestReceipt.getBlobId())));
                assertTrue(m.getClosed());
                assertEquals(2, m.getFormatVersion());
                Set<String> listed = new HashSet<>();
                for (ManifestFile f : m.getFiles()) {
                    assertTrue(listed.add(f.getUploadId()), "listed once: " + f.getPath());
                    UploadResult u = uploads.get(f.getUploadId());
                    assertTrue(u != null, "an upload of the version: " + f.getPath());
                    assertEquals(u.sourceName(), f.getPath());
                    byte[] original = Files.readAllBytes(roots.get(f.getUploadId()).getParent().resolve(u.sourceName()));
                    assertEquals(original.length, f.getSize());
                    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(original), f.getSha256().bytes());
                    ByteArrayOutputStream back = new ByteArrayOutputStream();
                    long offset = 0;
                    for (ManifestSegment s : f.getSegments()) {
                        assertEquals(offset, s.getOffset());
                        back.writeBytes(s.getQuiltPatchId() != null
                                ? client.readQuiltPatch(QuiltPatchId.parse(s.getQuiltPatchId())).patch().data()
                                : client.read(BlobId.parse(s.getBlobId())));
                        offset += s.getSize();
                    }
                    assertArrayEquals(original, back.toByteArray(), f.getPath() + " reads back from its manifest");
                }
                assertEquals(uploads.keySet(), listed, "every upload of the version is listed");
                assertTrue(m.getFiles().stream().anyMatch(f -> f.getSegments().size() > 1), "multi-segment files");
                assertTrue(m.getFiles().stream().anyMatch(f -> f.getSegments().get(0).getQuiltPatchId() != null),
                        "quilt patches");
            }

            // the listing finds the closed version and its manifest on the job's (transactional) receipts topic
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int code = dev.walrusstream.app.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                    "datasets", "--bootstrap", stack.services().bootstrapServers(), "--registry",
                    stack.services().registryUrl(), "--json");
            assertEquals(0, code, err.toString());
            com.fasterxml.jackson.databind.JsonNode listed = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(out.toString());
            assertEquals(1, listed.size(), out.toString());
            assertEquals("closed", listed.get(0).get("state").asText());
            assertEquals(manifestReceipt.getBlobId(), listed.get(0).get("manifestBlobId").asText());
            assertEquals(uploads.size(), listed.get(0).get("files").asInt());
            assertEquals(uploads.values().stream().mapToLong(UploadResult::size).sum(), listed.get(0).get("bytes").asLong());
        }
    }

    private static Path batch(Path root, String name, Random random, int large, int small) throws Exception {
        Path d = root.resolve(name);
        Files.createDirectories(d);
        for (int i = 0; i < large; i++) {
            StackFiles.write(d.resolve("large-" + i + ".bin"), random, 1_500_000 + random.nextInt(1_000_000));
        }
        for (int i = 0; i < small; i++) {
            StackFiles.write(d.resolve("small-" + i + ".json"), random, 1 + random.nextInt(30_000));
        }
        return d;
    }

    private static IngestReport ingest(EmbeddedStack stack, Path files, DatasetRef version, boolean close)
            throws Exception {
        IngestSettings settings = IngestSettings.builder().chunkSize(128 * 1024)
                .dataset(version.name(), version.version()).build();
        try (KafkaChunkSink sink = KafkaChunkSink.create(stack.services().bootstrapServers(),
                stack.services().registryClient(), settings)) {
            IngestReport report = new Ingestor(new Uploader(sink, settings), ProgressListener.NONE)
                    .ingest(new SourcePlanner(w -> { }).plan(List.of(files.toString()), System.in, "stdin", null));
            if (close) {
                CloseMarkers.Sent sent = sink.closeVersion(version);
                assertEquals(stack.options().partitions(), sent.partitions());
            }
            return report;
        }
    }

    private static BlobReceipt awaitManifest(ReceiptWatcher<BlobReceipt> receipts, DatasetRef version, String kind,
                                             Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<BlobReceipt> found = new ArrayList<>();
            for (BlobReceipt r : receipts.poll(Duration.ofMillis(200))) {
                if (r.getKind() == ReceiptKind.MANIFEST && kind.equals(r.getSourceName())
                        && version.name().equals(r.getDataset()) && version.version().equals(r.getDatasetVersion())) {
                    found.add(r);
                }
            }
            if (!found.isEmpty()) {
                return found.get(found.size() - 1);
            }
            assertTrue(System.nanoTime() < deadline, "no " + kind + " receipt of " + version + " within " + timeout);
        }
    }

    private static ReceiptWatcher<BlobReceipt> watch(EmbeddedStack stack) {
        return ReceiptWatcher.receipts(stack.services().bootstrapServers(), stack.services().registryUrl(),
                stack.jobConfig().receiptsTopic());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
