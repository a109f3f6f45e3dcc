package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.embedded.EmbeddedServices;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.KafkaProvenance;
import dev.walrusstream.schemas.ReceiptKind;
import dev.walrusstream.schemas.StoreStatus;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code receipts} and {@code datasets} against the real broker and registry process while joining
 * their consumer group is slow: a member of the group that stopped polling holds every rebalance up
 * for its whole poll interval (8 s, four times the 2 s quiet period). The listings still print every
 * receipt, because their quiet period starts only once the partitions are held and read to the end.
 */
class ReceiptListingsIT {
    private static final int RECEIPTS = 9;
    private static EmbeddedServices services;

    @BeforeAll
    static void start() {
        services = EmbeddedServices.shared();
    }

    @Test
    void receiptsPrintsEveryReceiptDespiteASlowGroupJoin() throws Exception {
        String topic = "slow-join-receipts-" + UUID.randomUUID();
        produce(topic);
        String group = "slow-" + UUID.randomUUID();
        try (KafkaConsumer<byte[], byte[]> stuck = stuckMember(group)) {
            long t0 = System.nanoTime();
            IngestCommandIT.Run r = IngestCommandIT.run("receipts", "--bootstrap", services.bootstrapServers(),
                    "--registry", services.registryUrl(), "--topic", topic, "--group", group);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, r.exit(), r.err());
            assertTrue(seconds > 5, "the group join was slow (" + seconds + " s), so the fault struck");
            String[] lines = r.out().strip().split("\n");
            assertEquals(RECEIPTS, lines.length, r.out());
            assertTrue(lines[0].contains("\"kind\":\"UPLOAD\""), lines[0]);
        }
    }

    @Test
    void datasetsListsVersionsDespiteASlowGroupJoin() throws Exception {
        String topic = "slow-join-datasets-" + UUID.randomUUID();
        produce(topic);
        String group = "slow-" + UUID.randomUUID();
        try (KafkaConsumer<byte[], byte[]> stuck = stuckMember(group)) {
            IngestCommandIT.Run r = IngestCommandIT.run("datasets", "--bootstrap", services.bootstrapServers(),
                    "--registry", services.registryUrl(), "--topic", topic, "--group", group, "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode list = new ObjectMapper().readTree(r.out());
            assertEquals(2, list.size(), r.out());
            JsonNode closed = list.get(0);
            assertEquals("footage", closed.get("dataset").asText());
            assertEquals("v1", closed.get("version").asText());
            assertEquals("closed", closed.get("state").asText());
            assertEquals(3, closed.get("files").asInt(), "three uploads, one of them in two segments");
            assertEquals(4 * 1000, closed.get("bytes").asLong());
            assertEquals("manifest-v1", closed.get("manifestBlobId").asText());
            assertEquals(20, closed.get("endEpoch").asInt());
            JsonNode open = list.get(1);
            assertEquals("v2", open.get("version").asText());
            assertEquals("snapshot", open.get("state").asText());
            assertEquals("snapshot-v2", open.get("manifestBlobId").asText());
        }
        IngestCommandIT.Run table = IngestCommandIT.run("datasets", "--bootstrap", services.bootstrapServers(),
                "--registry", services.registryUrl(), "--topic", topic);
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("footage") && table.out().contains("closed") && table.out().contains("manifest-v1"),
                table.out());
    }

    /** v1: uploads a, b (2 segments), c and a final manifest; v2: one upload and a snapshot; one receipt without dataset. */
    private static void produce(String topic) throws Exception {
        services.kafka().createTopic(topic, 3);
        AvroWireSerializer<BlobReceipt> wire = AvroWireSerializer.specific(services.registryClient(),
                SubjectNameStrategy.valueSubject(topic), BlobReceipt.class, true);
        List<BlobReceipt> receipts = List.of(
                upload("a", 0, 1, "v1", 20), upload("b", 0, 0, "v1", 21), upload("b", 1, 2, "v1", 22),
                upload("c", 0, 1, "v1", 23), upload("b", 1, 2, "v1", 22),
                manifest("manifest:footage/v1", "manifest", "v1", "manifest-v1"),
                upload("d", 0, 1, "v2", 30), manifest("manifest:footage/v2@1", "manifest-snapshot", "v2", "snapshot-v2"),
                BlobReceipt.newBuilder(upload("plain", 0, 1, "v1", 5)).setDataset(null).setDatasetVersion(null).build());
        assertEquals(RECEIPTS, receipts.size());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (BlobReceipt r : receipts) {
                producer.send(new ProducerRecord<>(topic, r.getUploadId().getBytes(StandardCharsets.UTF_8),
                        wire.serialize(r))).get();
            }
        }
    }

    private static BlobReceipt upload(String id, int segment, int segments, String version, int endEpoch) {
        return BlobReceipt.newBuilder().setUploadId(id).setKind(ReceiptKind.UPLOAD).setSegment(segment)
                .setSegments(segments).setSourceName(id + ".bin").setDataset("footage").setDatasetVersion(version)
                .setBlobId("blob-" + id + segment).setSize(1000).setStatus(StoreStatus.NEWLY_CREATED)
                .setEndEpoch(endEpoch)
                .setSource(KafkaProvenance.newBuilder().setTopic("walrus.chunks").setPartition(0).setFirstOffset(0)
                        .setLastOffset(0).build())
                .build();
    }

    private static BlobReceipt manifest(String id, String sourceName, String version, String blobId) {
        return BlobReceipt.newBuilder(upload(id, 0, 1, version, 40)).setKind(ReceiptKind.MANIFEST)
                .setSourceName(sourceName).setBlobId(blobId).build();
    }

    /** A member of {@code group} (on another topic) that joins and then never polls again. */
    private static KafkaConsumer<byte[], byte[]> stuckMember(String group) {
        String other = "slow-join-other-" + UUID.randomUUID();
        services.kafka().createTopic(other, 1);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "8000");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(other));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c.assignment().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the stuck member never joined its group");
            c.poll(Duration.ofMillis(200));
        }
        return c;
    }
}
