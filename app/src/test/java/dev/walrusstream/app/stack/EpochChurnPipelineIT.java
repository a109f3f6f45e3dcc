package dev.walrusstream.app.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.client.QuiltRead;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.StoreStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline streaming through epoch changes that move shards: the embedded stack on LocalChain
 * served as Sui (the sink certifies through SuiChain), 20-second epochs, one spare node and churn
 * (at every change one member hands its stake on and leaves, the spare joins and takes its shards).
 * Files are ingested in batches the whole time. After three changes every upload is certified
 * exactly once, every blob reads back from the new committee, and each node that gained shards
 * holds every sliver of them, as its status endpoints say.
 */
class EpochChurnPipelineIT {
    static final Duration EPOCH = Duration.ofSeconds(20);
    static final int CHANGES = 3;

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyUploadIsCertifiedOnceAndReadsBackAcrossThreeEpochChangesWithChurn() throws Exception {
        StackOptions options = StackOptions.defaults(dir.resolve("stack")).withEpochs(EPOCH, true);
        try (EmbeddedStack stack = EmbeddedStack.start(options, new PrintStream(new ByteArrayOutputStream()))) {
            LocalNetwork net = stack.network();
            Map<Integer, Committee> committees = new TreeMap<>();
            Committee first = net.stake().committee();
            committees.put(first.epoch(), first);
            Random random = new Random(2026);
            List<UploadResult> uploads = new ArrayList<>();
            Path files = dir.resolve("files");
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            int batch = 0;
            while (net.stake().committee().epoch() < first.epoch() + CHANGES) {
                assertTrue(System.nanoTime() < deadline, "three epoch changes within 5 minutes; now "
                        + net.stake().epochState() + " (" + net.stake().syncProgress() + "), committees "
                        + committees.keySet());
                Path b = files.resolve("batch-" + batch);
                Files.createDirectories(b);
                StackFiles.write(b.resolve("clip-" + batch + ".bin"), random, 300_000 + random.nextInt(400_000));
                StackFiles.write(b.resolve("meta-" + batch + ".json"), random, 200 + random.nextInt(5_000));
                IngestReport report = StackFiles.ingest(stack, List.of(b.toString()), 64 * 1024);
                uploads.addAll(report.uploads());
                Committee now = net.stake().committee();
                committees.putIfAbsent(now.epoch(), now);
                batch++;
                LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // keep streaming: a batch every few seconds
            }
            Committee last = net.stake().committee();
            committees.putIfAbsent(last.epoch(), last);
            assertTrue(committees.size() >= CHANGES + 1, "committees seen: " + committees.keySet());
            for (int e = first.epoch() + 1; e <= first.epoch() + CHANGES; e++) {
                Committee before = committees.get(e - 1);
                Committee after = committees.get(e);
                if (before != null && after != null) {
                    assertFalse(new HashSet<>(before.nodeIds()).equals(new HashSet<>(after.nodeIds())),
                            "epoch " + e + " changed the committee: one node left, one joined");
                }
            }

            Set<String> ids = new HashSet<>();
            uploads.forEach(u -> ids.add(u.uploadId()));
            Map<String, List<BlobReceipt>> receipts;
            try (ReceiptWatcher<BlobReceipt> watcher = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                    stack.services().registryUrl(), stack.jobConfig().receiptsTopic());
                 ReceiptWatcher<DeadLetter> dead = ReceiptWatcher.deadLetters(stack.services().bootstrapServers(),
                         stack.services().registryUrl(), stack.jobConfig().deadLetterTopic())) {
                receipts = ReceiptWatcher.awaitUploads(watcher, dead, ids, Duration.ofMinutes(4), r -> { });
                assertTrue(dead.poll(Duration.ofMillis(200)).isEmpty(), "no dead letters: " + dead.all());
            }

            // the change into the last epoch completes: reads then go to the new committee
            long doneBy = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (net.stake().epochState().isSyncing()) {
                assertTrue(System.nanoTime() < doneBy, "the last change completes: " + net.stake().epochState() + " ("
                        + net.stake().syncProgress() + ")");
                LockSupport.parkNanos(200_000_000L);
            }
            Committee current = net.stake().committee();
            Set<BlobId> blobIds = new HashSet<>();
            try (StorageClient client = stack.newClient()) {
                assertEquals("sui", client.chain().info().kind(), "the sink certified through SuiChain");
                for (UploadResult upload : uploads) {
                    List<BlobReceipt> mine = new ArrayList<>(receipts.get(upload.uploadId()));
                    mine.sort(Comparator.comparingInt(BlobReceipt::getSegment));
                    ByteArrayOutputStream back = new ByteArrayOutputStream();
                    for (BlobReceipt r : mine) {
                        assertEquals(StoreStatus.NEWLY_CREATED, r.getStatus(), upload.sourceName() + ": " + r);
                        blobIds.add(BlobId.parse(r.getBlobId()));
                        byte[] part = r.getQuiltPatchId() != null
                                ? client.readQuiltPatch(QuiltPatchId.parse(r.getQuiltPatchId())).patch().data()
                                : client.read(BlobId.parse(r.getBlobId()));
                        assertArrayEquals(r.getSha256().bytes(), MessageDigest.getInstance("SHA-256").digest(part),
                                "receipt SHA-256 of " + upload.sourceName());
                        back.writeBytes(part);
                    }
                    Path original = Files.exists(files.resolve(upload.sourceName())) ? files.resolve(upload.sourceName())
                            : dir.resolve(upload.sourceName());
                    assertArrayEquals(Files.readAllBytes(original), back.toByteArray(),
                            upload.sourceName() + " reads back identical");
                }
                for (BlobId id : blobIds) {
                    List<BlobObject> objects = client.chain().ownedBlobObjects(id);
                    assertEquals(1, objects.size(), "registrations of " + id + " (certified exactly once)");
                    assertTrue(objects.get(0).isCertified(), id + " certified");
                }
            }

            // every member that gained shards at some change holds all their slivers, and says so
            RedStuffParams params = RedStuffParams.of(current.nShards());
            int gainers = 0;
            for (StorageNodeInfo m : current.members()) {
                Committee previous = committees.get(current.epoch() - 1);
                boolean gained = previous == null || previous.indexOf(m.nodeId()) < 0
                        || !previous.member(previous.indexOf(m.nodeId())).shards().containsAll(m.shards());
                if (!gained) {
                    continue;
                }
                gainers++;
                String url = "http://" + m.networkAddress();
                // the change is done at a quorum of reported shards: a gainer may still be finishing its sync
                long readyBy = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                JsonNode health = json.readTree(get(url + "/v1/health")).path("success").path("data");
                while (health.path("epochChange").path("syncReportedEpoch").asInt() < current.epoch()) {
                    assertTrue(System.nanoTime() < readyBy, m.name() + " reports its sync of epoch " + current.epoch()
                            + ": " + health);
                    LockSupport.parkNanos(200_000_000L);
                    health = json.readTree(get(url + "/v1/health")).path("success").path("data");
                }
                for (int shard : m.shards()) {
                    assertEquals("ready", health.path("shards").path(Integer.toString(shard)).asText(),
                            m.name() + " shard " + shard + ": " + health);
                }
                for (BlobId id : blobIds) {
                    for (int shard : m.shards()) {
                        int pair = params.pairOfShard(id, shard);
                        for (String type : List.of("primary", "secondary")) {
                            JsonNode status = json.readTree(get(url + "/v1/blobs/" + id.base64Url() + "/slivers/" + pair
                                    + "/" + type + "/status"));
                            assertEquals("stored", status.path("success").path("data").asText(),
                                    m.name() + " " + type + " sliver of pair " + pair + " of " + id);
                        }
                    }
                }
            }
            assertTrue(gainers >= 1, "the last change moved shards to a joiner");
        }
    }

    String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }
}
