package dev.walrusstream.app.stack;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.StoreStatus;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash point inside the receipt transaction: the task manager dies after some receipts of a
 * checkpoint's Kafka transaction were sent to the broker and before that transaction commits. The
 * receipts of checkpoint N's certified blobs go into the receipt sink's transaction that commits with
 * checkpoint N+1, so with checkpoints 10 s apart the transaction stays open for seconds; the test
 * polls the receipts topic until its high watermark (what read_uncommitted sees) is above its last
 * stable offset (what read_committed may read), i.e. receipts sit in an open transaction, and kills
 * the task manager at once. It then reads those receipts (read_uncommitted returns them whether the
 * transaction is later aborted or committed).
 *
 * <p>After recovery (the job must restore a checkpoint): none of those receipts was ever committed
 * (the crash struck inside their transaction and it was aborted), and every segment of every
 * upload has exactly one committed receipt, those of the aborted transaction included (re-sent by the restored committer, which finds the blobs already
 * certified); every blob is registered once and certified.
 */
class ReceiptTransactionCrashIT {
    @TempDir
    static Path dir;
    static EmbeddedStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        StackOptions o = StackOptions.defaults(dir.resolve("stack")).withParallelism(1)
                .withJob("segment.size", "1MiB")
                .withJob("quilt.threshold", "64KiB");
        stack = EmbeddedStack.start(new StackOptions(o.dir(), o.nodes(), o.shards(), o.ledger(), o.partitions(),
                o.parallelism(), Duration.ofSeconds(10), o.jobOverrides(), o.epochDuration(), o.churn()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCrashInsideTheReceiptTransactionGivesOneReceiptPerSegmentAndOneCertificationPerBlob() throws Exception {
        Path files = dir.resolve("files");
        Files.createDirectories(files);
        Random random = new Random(12);
        for (int i = 0; i < 4; i++) {
            StackFiles.write(files.resolve("large-" + i + ".bin"), random, 1_200_000 + random.nextInt(900_000));
        }
        for (int i = 0; i < 12; i++) {
            StackFiles.write(files.resolve("small-" + i + ".json"), random, 1 + random.nextInt(30_000));
        }
        String topic = stack.jobConfig().receiptsTopic();
        String bootstrap = stack.services().bootstrapServers();
        AvroWireDeserializer<BlobReceipt> receipts = AvroWireDeserializer.specific(
                new SchemaRegistryClient(RegistryClientConfig.of(stack.services().registryUrl())), BlobReceipt.class);

        IngestReport report;
        List<BlobReceipt> open;
        Map<TopicPartition, Long> stableAtCrash;
        try (KafkaConsumer<byte[], byte[]> committed = consumer(bootstrap, "read_committed");
             KafkaConsumer<byte[], byte[]> uncommitted = consumer(bootstrap, "read_uncommitted")) {
            List<TopicPartition> partitions = committed.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            report = StackFiles.ingest(stack, List.of(files.toString()), 128 * 1024);
            JobWatch.Health beforeCrash = JobWatch.snapshot(JobWatch.rest(stack), stack.job().toString());

            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            Map<TopicPartition, Long> sentAtCrash;
            while (true) {
                Map<TopicPartition, Long> sent = uncommitted.endOffsets(partitions);
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (partitions.stream().anyMatch(p -> sent.get(p) > stable.get(p))) {
                    stableAtCrash = stable;
                    sentAtCrash = sent;
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "no receipt transaction was seen open within 3 minutes");
                Thread.sleep(5);
            }
            // the crash point: receipts sent, their transaction not committed (it commits with the next checkpoint, 10 s on)
            stack.flink().terminateTaskManager(0).get(1, TimeUnit.MINUTES);
            open = read(uncommitted, partitions, stableAtCrash, sentAtCrash, receipts); // aborted records read too
            assertTrue(open.stream().anyMatch(r -> r.getUploadId() != null), "the open transaction held receipts of uploads");
            System.out.printf("crash point: %d receipt(s) in the open transaction (stable %s, sent %s)%n", open.size(),
                    stableAtCrash, sentAtCrash);
            stack.flink().startTaskManager();

            Set<String> ids = new HashSet<>();
            report.uploads().forEach(u -> ids.add(u.uploadId()));
            try (ReceiptWatcher<BlobReceipt> watcher = ReceiptWatcher.receipts(bootstrap,
                    stack.services().registryUrl(), topic)) {
                ReceiptWatcher.awaitUploads(watcher, null, ids, Duration.ofMinutes(4), r -> { });
            }
            // the REST statistics are cached by the JobManager (web.refresh-interval): wait for the restore
            JobWatch.Health afterCrash = JobWatch.snapshot(JobWatch.rest(stack), stack.job().toString());
            long restoreDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (afterCrash.checkpointsRestored() <= beforeCrash.checkpointsRestored() && System.nanoTime() < restoreDeadline) {
                Thread.sleep(500);
                afterCrash = JobWatch.snapshot(JobWatch.rest(stack), stack.job().toString());
            }
            assertTrue(afterCrash.checkpointsRestored() > beforeCrash.checkpointsRestored(),
                    "the job restored a checkpoint after the crash: " + beforeCrash + " → " + afterCrash);
            // two more checkpoints: any receipt sent twice would be committed by then
            long completed = afterCrash.checkpointsCompleted();
            long quietDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (afterCrash.checkpointsCompleted() < completed + 2) {
                assertTrue(System.nanoTime() < quietDeadline, "checkpoints stopped completing: " + afterCrash);
                Thread.sleep(500);
                afterCrash = JobWatch.snapshot(JobWatch.rest(stack), stack.job().toString());
            }
        }

        // everything committed, with its offset
        Map<Long, BlobReceipt> all = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> committed = consumer(bootstrap, "read_committed")) {
            List<TopicPartition> partitions = committed.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> start = new HashMap<>();
            partitions.forEach(p -> start.put(p, 0L));
            Map<TopicPartition, Long> end = committed.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                committed.assign(List.of(p));
                committed.seek(p, 0);
                while (committed.position(p) < end.get(p)) {
                    for (ConsumerRecord<byte[], byte[]> r : committed.poll(Duration.ofMillis(200))) {
                        BlobReceipt receipt = receipts.deserialize(r.value());
                        if (openOffsets(p).contains(r.offset())) {
                            throw new AssertionError("a receipt of the transaction open at the crash was committed (the "
                                    + "crash did not strike inside it, or it was not aborted): " + receipt);
                        }
                        all.put(((long) p.partition() << 40) | r.offset(), receipt);
                    }
                }
            }
        }
        Map<String, Integer> perSegment = new HashMap<>();
        Set<String> blobIds = new HashSet<>();
        for (BlobReceipt r : all.values()) {
            if (r.getUploadId() == null) {
                continue;
            }
            perSegment.merge(r.getUploadId() + "#" + r.getSegment(), 1, Integer::sum);
            assertTrue(r.getStatus() == StoreStatus.NEWLY_CREATED || r.getStatus() == StoreStatus.ALREADY_CERTIFIED,
                    r.getUploadId() + ": " + r.getStatus());
            blobIds.add(r.getBlobId());
        }
        for (var upload : report.uploads()) {
            List<BlobReceipt> mine = all.values().stream().filter(r -> upload.uploadId().equals(r.getUploadId())).toList();
            int segments = mine.stream().mapToInt(BlobReceipt::getSegments).max().orElse(0);
            assertTrue(segments > 0, "receipts for " + upload.sourceName());
            for (int s = 0; s < segments; s++) {
                assertEquals(1, perSegment.getOrDefault(upload.uploadId() + "#" + s, 0),
                        "exactly one committed receipt for segment " + s + " of " + upload.sourceName());
            }
        }
        for (BlobReceipt r : open) {
            if (r.getUploadId() == null) {
                continue;
            }
            assertEquals(1, perSegment.get(r.getUploadId() + "#" + r.getSegment()),
                    "the receipt aborted with the open transaction was sent again, once: " + r.getUploadId());
        }
        try (StorageClient client = stack.newClient()) {
            for (String blobId : blobIds) {
                List<BlobObject> objects = client.chain().ownedBlobObjects(BlobId.parse(blobId));
                assertEquals(1, objects.size(), "blob " + blobId + " is registered exactly once");
                assertTrue(objects.get(0).isCertified(), "blob " + blobId + " is certified");
            }
        }
    }

    private final Map<TopicPartition, Set<Long>> openOffsets = new HashMap<>();

    private Set<Long> openOffsets(TopicPartition p) {
        return openOffsets.getOrDefault(p, Set.of());
    }

    /** The data records in [from, to) of each partition, read uncommitted, remembering their offsets. */
    private List<BlobReceipt> read(KafkaConsumer<byte[], byte[]> uncommitted, List<TopicPartition> partitions,
                                   Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
                                   AvroWireDeserializer<BlobReceipt> receipts) {
        List<BlobReceipt> out = new ArrayList<>();
        for (TopicPartition p : partitions) {
            if (to.get(p) <= from.get(p)) {
                continue;
            }
            uncommitted.assign(List.of(p));
            uncommitted.seek(p, from.get(p));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (uncommitted.position(p) < to.get(p) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : uncommitted.poll(Duration.ofMillis(200))) {
                    if (r.offset() < to.get(p)) {
                        out.add(receipts.deserialize(r.value()));
                        openOffsets.computeIfAbsent(p, x -> new HashSet<>()).add(r.offset());
                    }
                }
            }
        }
        return out;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "receipt-crash-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
