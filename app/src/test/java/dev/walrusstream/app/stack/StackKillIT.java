package dev.walrusstream.app.stack;

import dev.walrusstream.testsupport.TestJvms;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.StoreStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code walrus-stream up} runs as its own process and is killed with SIGKILL (no shutdown hook, no
 * final checkpoint) while an upload is half assembled; a new stack on the same directory restores
 * the last checkpoint and the upload completes, certified once. The job reads with
 * {@code kafka.from-earliest=false}, so the first chunks can only come back from the restored
 * checkpoint, never by re-reading the topic from the start. The upload's source name and an
 * attribute are 100 KiB each, so the restored state and the receipts carry them across the kill.
 * Every wait is on an event (the console's ready line, a checkpoint's metadata, the receipts).
 *
 * <p>It replaces {@code StackRestartIT}, which stopped the stack gracefully, waited with a sleep and
 * could pass by re-reading the topic from the earliest offset.
 */
class StackKillIT {
    private static final Pattern READY = Pattern.compile("ingest --bootstrap (\\S+) --registry (\\S+)");

    @TempDir
    Path dir;

    @Test
    void aStackKilledWithSigkillMidUploadRestoresItsCheckpointAndCompletesTheUpload() throws Exception {
        Path stackDir = dir.resolve("stack");
        byte[] data = new byte[900_000];
        new Random(21).nextBytes(data);
        int chunk = 100_000;
        String sourceName = "long/" + "n".repeat(100 * 1024) + ".bin";
        Map<String, String> attributes = Map.of("note", "a".repeat(100 * 1024));
        ChildJvm up = TestJvms.onTestClassPath("up", dir.resolve("processes"), "dev.walrusstream.app.Main")
                .args("up", "--dir", stackDir.toString(), "--aggregator-port", "0", "--set", "kafka.from-earliest=false",
                        "--set", "checkpoint.interval=1s", "--set", "quilt.threshold=1KiB")
                .start();
        try {
            up.awaitLog(READY.pattern(), Duration.ofMinutes(3));
            Matcher ready = up.readLog().lines().map(READY::matcher).filter(Matcher::find).findFirst().orElseThrow();
            String output = up.readLog();
            String jobLine = output.lines().filter(l -> l.contains("job ")).findFirst().orElse("");
            Path checkpoints = stackDir.resolve("checkpoints");
            // the source must be reading (it starts at the latest offset) before the first chunks go out
            awaitCheckpoint(checkpoints, 0, up);
            ChunkSender.send(ready.group(1), ready.group(2), "killed-mid-upload", sourceName, attributes,
                    data, chunk, 0, 5);
            long sent = System.currentTimeMillis();
            // a checkpoint completed after the chunks were sent holds them in the assembler's state
            awaitCheckpoint(checkpoints, sent + 2000, up);
            assertTrue(up.isAlive(), jobLine);
            up.kill(); // SIGKILL
            assertEquals(137, up.awaitExit(Duration.ofMinutes(1)), "killed by SIGKILL, not stopped");
        } finally {
            up.kill();
        }
        StackOptions options = StackOptions.defaults(stackDir).withJob("kafka.from-earliest", "false")
                .withJob("checkpoint.interval", "1s").withJob("quilt.threshold", "1KiB");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (EmbeddedStack stack = EmbeddedStack.start(options, new PrintStream(log, true, StandardCharsets.UTF_8));
             ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().receiptsTopic())) {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("resumed from chk-"), "the new stack resumed from a checkpoint: "
                    + log.toString(StandardCharsets.UTF_8));
            JobWatch.Health health = JobWatch.snapshotWhenReady(JobWatch.rest(stack), stack.job().toString(), Duration.ofMinutes(1));
            assertEquals(1, health.checkpointsRestored(), "the job restored its checkpoint: " + health);
            ChunkSender.send(stack, "killed-mid-upload", sourceName, attributes, data, chunk, 5, 9);
            ReceiptWatcher.awaitUploads(receipts, null, List.of("killed-mid-upload"), Duration.ofMinutes(3), r -> { });
            receipts.poll(Duration.ofSeconds(2));
            List<BlobReceipt> mine = ReceiptWatcher.byUpload(receipts.all()).get("killed-mid-upload");
            assertEquals(1, mine.size(), "one blob, one receipt: " + mine.size());
            BlobReceipt r = mine.get(0);
            assertEquals(StoreStatus.NEWLY_CREATED, r.getStatus());
            assertEquals(sourceName, r.getSourceName(), "the 100 KiB source name survived the kill");
            try (StorageClient client = stack.newClient()) {
                assertArrayEquals(data, client.read(BlobId.parse(r.getBlobId())), "all 9 chunks, the first 5 from the checkpoint");
                assertEquals(1, client.chain().ownedBlobObjects(BlobId.parse(r.getBlobId())).size(), "registered once");
            }
        }
    }

    /** Waits for a retained checkpoint whose metadata was written after {@code afterMillis}. */
    private static void awaitCheckpoint(Path dir, long afterMillis, ChildJvm up) {
        up.await("a checkpoint under " + dir + " completed after " + afterMillis, Duration.ofMinutes(2), () -> {
            try {
                Optional<Path> latest = Checkpoints.latest(dir);
                return latest.isPresent()
                        && Files.getLastModifiedTime(latest.get().resolve("_metadata")).toMillis() > afterMillis;
            } catch (java.io.IOException e) {
                return false; // the checkpoint is being written or retired
            }
        });
    }
}
