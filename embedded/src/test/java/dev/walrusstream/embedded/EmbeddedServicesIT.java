package dev.walrusstream.embedded;

import dev.walrusstream.embedded.process.ProcessMemory;
import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.WalrusSchemas;
import dev.walrusstream.schemas.registry.CompatibilityLevel;
import dev.walrusstream.schemas.registry.CompatibilityResult;
import dev.walrusstream.schemas.registry.IncompatibleSchemaException;
import dev.walrusstream.schemas.registry.SchemaNotFoundException;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import dev.walrusstream.schemas.wire.UnknownSchemaIdException;
import dev.walrusstream.schemas.wire.WireFormat;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real broker and the real registry process: start, records through both, compatibility rules, stop. */
class EmbeddedServicesIT {
    private static EmbeddedServices services;

    @BeforeAll
    static void start() {
        services = EmbeddedServices.start();
        long self = ProcessHandle.current().pid();
        System.out.printf("embedded services ready in %d ms (broker %d ms, registry JVM %d ms); "
                        + "registry peak RSS %d MB; this JVM (with broker) peak RSS %d MB%n",
                services.startupMillis(), services.kafka().startupMillis(), services.registry().startupMillis(),
                services.registry().peakRssBytes().orElse(-1) >> 20, ProcessMemory.peakRss(self).orElse(-1) >> 20);
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            EmbeddedSchemaRegistry registry = services.registry();
            services.close();
            assertFalse(registry.isAlive(), "registry process still alive after close");
            assertTrue(ProcessHandle.of(registry.pid()).isEmpty()
                    || !ProcessHandle.of(registry.pid()).get().isAlive(), "registry pid still running");
        }
    }

    @Test
    void registryRunsWithBackwardCompatibility() {
        SchemaRegistryClient client = services.registryClient();
        assertEquals(CompatibilityLevel.BACKWARD, client.compatibility());
        assertTrue(services.registryUrl().endsWith("/apis/ccompat/v7"), services.registryUrl());
    }

    @Test
    void incompatibleChangeIsRefusedAndCompatibleOneAccepted() {
        SchemaRegistryClient client = services.registryClient();
        String subject = "compat-test-value";
        Schema v1 = WalrusSchemas.blobChunk();
        int id1 = client.register(subject, v1);
        assertEquals(id1, client.register(subject, v1));
        // adding a required field without a default breaks BACKWARD: old records cannot be read with it
        Schema breaking = new Schema.Parser().parse(v1.toString().replace(
                "{\"name\":\"uploadId\",", "{\"name\":\"tenant\",\"type\":\"string\"},{\"name\":\"uploadId\","));
        CompatibilityResult check = client.checkCompatibility(subject, breaking);
        assertFalse(check.compatible());
        assertFalse(check.messages().isEmpty());
        IncompatibleSchemaException refused = assertThrows(IncompatibleSchemaException.class,
                () -> new SchemaRegistryClient(client.config()).register(subject, breaking));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage().contains(subject), refused.getMessage());
        // an optional field with a default is fine
        Schema compatible = new Schema.Parser().parse(v1.toString().replace(
                "{\"name\":\"uploadId\",",
                "{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"uploadId\","));
        assertTrue(client.checkCompatibility(subject, compatible).compatible());
        int id2 = client.register(subject, compatible);
        assertTrue(id2 != id1);
        assertEquals(2, client.latest(subject).version());
        assertEquals(compatible, new SchemaRegistryClient(client.config()).schemaById(id2));
    }

    @Test
    void unknownIdIsNotFound() {
        SchemaRegistryClient client = services.registryClient();
        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client.schemaById(987654));
        assertEquals(404, e.status());
        UnknownSchemaIdException u = assertThrows(UnknownSchemaIdException.class,
                () -> AvroWireDeserializer.specific(client, BlobChunk.class)
                        .deserialize(WireFormat.frame(987654, new byte[] {2, 65})));
        assertEquals(987654, u.schemaId());
    }

    @Test
    void wireFormatRecordsGoThroughTheBroker() {
        String topic = "embedded-roundtrip";
        services.kafka().createTopic(topic, 2);
        SchemaRegistryClient client = services.registryClient();
        AvroWireSerializer<BlobChunk> ser = AvroWireSerializer.specific(client, topic + "-value", BlobChunk.class,
                true);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                BlobChunk c = BlobChunk.newBuilder().setUploadId("u" + (i % 2)).setSequence(i / 2)
                        .setOffset(i / 2).setLast(false).setData(ByteBuffer.wrap(new byte[] {(byte) i}))
                        .setAttributes(Map.of()).build();
                producer.send(new ProducerRecord<>(topic, c.getUploadId(), ser.serialize(c)));
            }
            producer.flush();
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-it");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<BlobChunk> read = new ArrayList<>();
        AvroWireDeserializer<BlobChunk> de = AvroWireDeserializer.specific(new SchemaRegistryClient(client.config()),
                BlobChunk.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    BlobChunk c = de.deserialize(r.value());
                    assertEquals(r.key(), c.getUploadId());
                    read.add(c);
                }
            }
        }
        assertEquals(10, read.size());
        for (String u : List.of("u0", "u1")) {
            List<Long> seqs = read.stream().filter(c -> c.getUploadId().equals(u)).map(BlobChunk::getSequence)
                    .toList();
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seqs, "per-key order for " + u);
        }
    }
}
