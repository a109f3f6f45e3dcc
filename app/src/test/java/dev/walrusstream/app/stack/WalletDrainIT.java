package dev.walrusstream.app.stack;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.devnet.chain.LocalChain;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.deploy.FlinkRestClient;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.StoreStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink's wallet runs dry mid-stream on the local chain: the sink pauses (its gauge says so, the
 * console says so, the job neither fails nor restarts), and once the account is funded again it
 * resumes by itself and every upload ends certified exactly once, registered once.
 */
class WalletDrainIT {
    @TempDir
    Path dir;

    @Test
    void aDrainedWalletPausesTheSinkAndFundingResumesItWithEveryBlobCertifiedOnce() throws Exception {
        StackOptions options = StackOptions.defaults(dir.resolve("stack")).withLedger(StackOptions.Ledger.LOCAL)
                .withJob("segment.size", "256KiB")
                .withJob("quilt.threshold", "1KiB");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream consoleOut = new PrintStream(console, true, StandardCharsets.UTF_8);
        Random random = new Random(12);
        try (EmbeddedStack stack = EmbeddedStack.start(options, new PrintStream(new ByteArrayOutputStream()));
             JobWatch watch = JobWatch.start(stack, consoleOut, Duration.ofMillis(500), Duration.ofMinutes(10));
             ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().receiptsTopic())) {
            FlinkRestClient rest = JobWatch.rest(stack);
            String job = stack.job().toString();
            Map<String, byte[]> uploads = new HashMap<>();
            byte[] before = bytes(random, 300_000);
            uploads.put("before", before);
            ChunkSender.send(stack, "before", before, 100_000, 0, 3);
            try {
                ReceiptWatcher.awaitUploads(receipts, null, List.of("before"), Duration.ofMinutes(3), r -> { });
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no receipt before the drain; job " + JobWatch.snapshot(rest, job) + "; console: "
                        + console.toString(StandardCharsets.UTF_8), e);
            }

            LocalChain chain = stack.network().chain();
            SuiAddress account = stack.network().account();
            long drained = chain.drain(account);
            assertTrue(drained > 0);
            assertEquals(0, chain.balance(account));
            List<String> during = List.of("during-1", "during-2");
            for (String id : during) {
                byte[] data = bytes(random, 600_000);
                uploads.put(id, data);
                ChunkSender.send(stack, id, data, 100_000, 0, ChunkSender.chunks(data, 100_000));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            JobWatch.Health health = JobWatch.snapshotWhenReady(rest, job, Duration.ofMinutes(1));
            while (health.paused() == 0) {
                assertTrue(System.nanoTime() < deadline, "the sink never paused on the empty wallet: " + health);
                receipts.poll(Duration.ofMillis(500));
                health = JobWatch.snapshot(rest, job);
            }
            receipts.poll(Duration.ofSeconds(2));
            assertTrue(receipts.all().stream().noneMatch(r -> during.contains(r.getUploadId().toString())),
                    "nothing is certified while the wallet is empty");
            assertEquals("RUNNING", health.state());
            assertEquals(0, health.restarts(), "a paused sink does not fail the job: " + health);

            chain.fund(account, drained);
            ReceiptWatcher.awaitUploads(receipts, null, during, Duration.ofMinutes(3), r -> { });
            receipts.poll(Duration.ofSeconds(3)); // a duplicate would arrive by now
            Map<String, List<BlobReceipt>> byUpload = ReceiptWatcher.byUpload(receipts.all());
            deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (JobWatch.snapshot(rest, job).paused() > 0) {
                assertTrue(System.nanoTime() < deadline, "the sink never reported that it resumed");
                Thread.sleep(200);
            }
            assertEquals(0, JobWatch.snapshot(rest, job).restarts(), "no restart at any point");
            try (StorageClient client = stack.newClient()) {
                for (Map.Entry<String, byte[]> e : uploads.entrySet()) {
                    List<BlobReceipt> mine = new ArrayList<>(byUpload.get(e.getKey()));
                    mine.sort(java.util.Comparator.comparingInt(BlobReceipt::getSegment));
                    int segments = mine.stream().mapToInt(BlobReceipt::getSegments).max().orElse(0); // known on the last one
                    assertEquals(segments, mine.size(), "one receipt per segment of " + e.getKey() + ": " + mine);
                    ByteArrayOutputStream back = new ByteArrayOutputStream();
                    for (BlobReceipt r : mine) {
                        assertEquals(StoreStatus.NEWLY_CREATED, r.getStatus(), e.getKey() + " segment " + r.getSegment());
                        BlobId id = BlobId.parse(r.getBlobId().toString());
                        List<BlobObject> objects = client.chain().ownedBlobObjects(id);
                        assertEquals(1, objects.size(), "registered once: " + id);
                        assertTrue(objects.get(0).isCertified(), "certified: " + id);
                        back.writeBytes(client.read(id));
                    }
                    assertArrayEquals(e.getValue(), back.toByteArray(), e.getKey() + " reads back");
                }
            }
            String said = console.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("PAUSED") && said.contains("fund it"), "the console said the sink paused and why: " + said);
            // the watch sees the resume through Flink's REST metrics, which the JobManager refreshes every
            // metrics.fetcher.update-interval (10 s): wait for that line rather than for the receipts alone
            long resumeDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!console.toString(StandardCharsets.UTF_8).contains("resumed") && System.nanoTime() < resumeDeadline) {
                synchronized (console) {
                    console.wait(200);
                }
            }
            said = console.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("resumed"), "the console said the sink resumed: " + said);
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
