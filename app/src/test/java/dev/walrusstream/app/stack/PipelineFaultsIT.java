package dev.walrusstream.app.stack;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.DeadLetterReason;
import dev.walrusstream.schemas.DefaultTopics;
import dev.walrusstream.schemas.StoreStatus;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in the pipeline, against the real broker, registry process, MiniCluster and node servers:
 * a task manager crash mid-stream (the job restarts from its checkpoint: every upload still ends
 * certified exactly once, nothing lost, no blob registered twice), and bad input (malformed
 * framing, unknown schema ids, sequence gaps, oversize and incomplete uploads) landing in the
 * dead-letter topic with the right reason.
 */
class PipelineFaultsIT {
    @TempDir
    static Path dir;
    static EmbeddedStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFiles.startQuiet(StackFiles.smallSegments(dir.resolve("stack"))
                .withJob("upload.max-size", "4MiB")
                .withJob("upload.incomplete-timeout", "4s"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTaskManagerCrashMidStreamLosesNothingAndPaysNothingTwice() throws Exception {
        Path files = dir.resolve("crash");
        StackFiles.writeMix(files, new Random(5), 6, 1_500_000, 1_000_000, 20, 30_000);
        IngestReport report = StackFiles.ingest(stack, List.of(files.toString()), 128 * 1024);
        Set<String> ids = new HashSet<>();
        report.uploads().forEach(u -> ids.add(u.uploadId()));

        Map<String, List<BlobReceipt>> receipts;
        try (ReceiptWatcher<BlobReceipt> watcher = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                stack.services().registryUrl(), stack.jobConfig().receiptsTopic())) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (watcher.poll(Duration.ofMillis(100)).stream().noneMatch(r -> ids.contains(r.getUploadId()))) {
                assertTrue(System.nanoTime() < deadline, "no receipt arrived before the crash");
            }
            Set<String> receiptedBeforeCrash = new HashSet<>();
            watcher.all().forEach(r -> receiptedBeforeCrash.add(r.getUploadId()));
            Set<String> outstanding = new HashSet<>(ids);
            outstanding.removeAll(receiptedBeforeCrash);
            dev.walrusstream.deploy.FlinkRestClient rest = JobWatch.rest(stack);
            JobWatch.Health beforeCrash = JobWatch.snapshot(rest, stack.job().toString());
            stack.crashTaskManager();
            assertTrue(!outstanding.isEmpty(), "uploads were still outstanding when the task manager crashed");
            try {
                receipts = ReceiptWatcher.awaitUploads(watcher, null, ids, Duration.ofMinutes(4), r -> { });
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError(e.getMessage() + "; dead letters: " + deadLetters(), e);
            }
            // the REST statistics are cached by the JobManager (web.refresh-interval): wait for them to show the restore
            JobWatch.Health afterCrash = JobWatch.snapshot(rest, stack.job().toString());
            long restoreDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (afterCrash.checkpointsRestored() <= beforeCrash.checkpointsRestored() && System.nanoTime() < restoreDeadline) {
                watcher.poll(Duration.ofMillis(500));
                afterCrash = JobWatch.snapshot(rest, stack.job().toString());
            }
            assertTrue(afterCrash.checkpointsRestored() > beforeCrash.checkpointsRestored(),
                    "the job restored a checkpoint after the crash: " + beforeCrash + " → " + afterCrash);
            watcher.poll(Duration.ofSeconds(3)); // anything duplicated would arrive by now
            receipts = ReceiptWatcher.byUpload(watcher.all());
        }

        try (StorageClient client = stack.newClient()) {
            Set<String> blobIds = new HashSet<>();
            for (UploadResult upload : report.uploads()) {
                List<BlobReceipt> mine = receipts.get(upload.uploadId());
                Map<Integer, Integer> perSegment = new HashMap<>();
                mine.forEach(r -> perSegment.merge(r.getSegment(), 1, Integer::sum));
                int segments = mine.stream().mapToInt(BlobReceipt::getSegments).max().orElse(0);
                assertEquals(segments, perSegment.size(), "segments of " + upload.sourceName());
                perSegment.forEach((s, n) -> assertEquals(1, n, "exactly one receipt for segment " + s + " of "
                        + upload.sourceName()));
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                mine.sort(java.util.Comparator.comparingInt(BlobReceipt::getSegment));
                for (BlobReceipt r : mine) {
                    assertTrue(r.getStatus() == StoreStatus.NEWLY_CREATED || r.getStatus() == StoreStatus.ALREADY_CERTIFIED,
                            upload.sourceName() + ": " + r.getStatus());
                    blobIds.add(r.getBlobId());
                    back.writeBytes(r.getQuiltPatchId() != null
                            ? client.readQuiltPatch(dev.walrusstream.codec.quilt.QuiltPatchId.parse(r.getQuiltPatchId())).patch().data()
                            : client.read(BlobId.parse(r.getBlobId())));
                }
                assertArrayEquals(Files.readAllBytes(dir.resolve(upload.sourceName())), back.toByteArray(),
                        upload.sourceName() + " reads back identical after the crash");
            }
            for (String blobId : blobIds) {
                List<BlobObject> objects = client.chain().ownedBlobObjects(BlobId.parse(blobId));
                assertEquals(1, objects.size(), "blob " + blobId + " is registered exactly once");
                assertTrue(objects.get(0).isCertified(), "blob " + blobId + " is certified");
            }
        }
    }

    @Test
    void badInputLandsInTheDeadLetterTopicWithItsReason() throws Exception {
        String topic = DefaultTopics.CHUNKS;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.services().bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
        AvroWireSerializer<BlobChunk> wire = AvroWireSerializer.specific(stack.services().registryClient(),
                SubjectNameStrategy.valueSubject(topic), BlobChunk.class, true);
        Map<String, DeadLetterReason> expected = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, topic, "malformed", "not an avro record at all".getBytes(StandardCharsets.UTF_8));
            expected.put("malformed", DeadLetterReason.MALFORMED_FRAMING);
            send(producer, topic, "unknown-id", new byte[]{0, 0x0F, 0x42, 0x3F, 0x7F, 1, 2, 3});
            expected.put("unknown-id", DeadLetterReason.UNKNOWN_SCHEMA_ID);
            send(producer, topic, "gap", wire.serialize(chunk("gap", 0, 0, new byte[10], false)));
            send(producer, topic, "gap", wire.serialize(chunk("gap", 2, 20, new byte[10], true)));
            expected.put("gap", DeadLetterReason.SEQUENCE_GAP);
            byte[] big = new byte[3 << 20];
            send(producer, topic, "oversize", wire.serialize(chunk("oversize", 0, 0, big, false)));
            send(producer, topic, "oversize", wire.serialize(chunk("oversize", 1, big.length, big, true)));
            expected.put("oversize", DeadLetterReason.OVERSIZE);
            send(producer, topic, "incomplete", wire.serialize(chunk("incomplete", 0, 0, new byte[100], false)));
            expected.put("incomplete", DeadLetterReason.INCOMPLETE_UPLOAD);
            producer.flush();
        }
        try (ReceiptWatcher<DeadLetter> dead = ReceiptWatcher.deadLetters(stack.services().bootstrapServers(),
                stack.services().registryUrl(), stack.jobConfig().deadLetterTopic())) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Map<String, DeadLetterReason> seen = new HashMap<>();
            while (!seen.keySet().containsAll(expected.keySet())) {
                assertTrue(System.nanoTime() < deadline, "dead letters seen so far: " + seen);
                for (DeadLetter d : dead.poll(Duration.ofMillis(200))) {
                    if (d.getUploadId() != null) {
                        seen.putIfAbsent(d.getUploadId(), d.getReason());
                    }
                }
            }
            expected.forEach((id, reason) -> assertEquals(reason, seen.get(id), "dead letter reason for " + id));
            DeadLetter malformed = dead.all().stream().filter(d -> "malformed".equals(d.getUploadId())).findFirst().orElseThrow();
            assertArrayEquals("not an avro record at all".getBytes(StandardCharsets.UTF_8), bytes(malformed.getValue()),
                    "the original bytes travel with the dead letter");
            DeadLetter oversize = dead.all().stream().filter(d -> "oversize".equals(d.getUploadId())).findFirst().orElseThrow();
            assertTrue(oversize.getMessage().contains(String.valueOf(4 << 20)), oversize.getMessage());
        }
    }

    /** Everything on the dead-letter topic, for a failure message. */
    private static List<String> deadLetters() throws Exception {
        try (ReceiptWatcher<DeadLetter> dead = ReceiptWatcher.deadLetters(stack.services().bootstrapServers(),
                stack.services().registryUrl(), stack.jobConfig().deadLetterTopic())) {
            return dead.poll(Duration.ofSeconds(5)).stream()
                    .map(d -> d.getUploadId() + " " + d.getReason() + ": " + d.getMessage()).toList();
        }
    }

    private static BlobChunk chunk(String id, long seq, long offset, byte[] data, boolean last) {
        return BlobChunk.newBuilder().setUploadId(id).setSequence(seq).setOffset(offset).setLast(last)
                .setData(ByteBuffer.wrap(data)).setSourceName(id + ".bin").setAttributes(new HashMap<>())
                .setTotalSize(last ? offset + data.length : null).build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

}
