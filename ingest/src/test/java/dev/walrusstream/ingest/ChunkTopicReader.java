package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import dev.walrusstream.schemas.wire.WireFormat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a chunk topic from the beginning to its current end with a plain consumer, decodes every value through
 * the registry, and reassembles uploads, checking the chunk contract on the way (what the job will do).
 */
public final class ChunkTopicReader {

    /** A reassembled upload. */
    public record Upload(String uploadId, List<BlobChunk> chunks, byte[] bytes, int partition, List<Integer> schemaIds) {
        public BlobChunk last() {
            return chunks.get(chunks.size() - 1);
        }

        boolean complete() {
            return last().getLast();
        }
    }

    static long recordCount(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum()
                    - c.beginningOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Every upload on the topic, in order of first appearance. */
    static Map<String, Upload> readAll(String bootstrap, String registryUrl, String topic) throws Exception {
        AvroWireDeserializer<BlobChunk> de = AvroWireDeserializer.specific(SchemaRegistryClient.of(registryUrl),
                BlobChunk.class);
        Map<String, List<BlobChunk>> byKey = new LinkedHashMap<>();
        Map<String, Integer> partitionOf = new LinkedHashMap<>();
        Map<String, List<Integer>> ids = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "timed out reading " + topic);
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    BlobChunk chunk = de.deserialize(r.value());
                    assertEquals(r.key(), chunk.getUploadId(), "key is the upload id");
                    Integer prev = partitionOf.putIfAbsent(r.key(), r.partition());
                    assertTrue(prev == null || prev == r.partition(), "one partition per upload");
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(chunk);
                    ids.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(WireFormat.schemaId(r.value()));
                }
            }
        }
        Map<String, Upload> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<BlobChunk>> e : byKey.entrySet()) {
            List<BlobChunk> chunks = e.getValue();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < chunks.size(); i++) {
                BlobChunk c = chunks.get(i);
                assertEquals(i, c.getSequence(), "contiguous sequence for " + e.getKey());
                assertEquals(bytes.size(), c.getOffset(), "offset for " + e.getKey() + " chunk " + i);
                if (i < chunks.size() - 1) {
                    assertFalse(c.getLast(), "chunk " + i + " of " + e.getKey() + " is last but more follow");
                }
                ByteBuffer b = c.getData();
                byte[] a = new byte[b.remaining()];
                b.get(a);
                bytes.write(a);
            }
            out.put(e.getKey(), new Upload(e.getKey(), chunks, bytes.toByteArray(), partitionOf.get(e.getKey()),
                    ids.get(e.getKey())));
        }
        return out;
    }

    /** Checks the final chunk's size and digest against the reassembled bytes. */
    static void assertCompleteAndIntact(Upload u) throws Exception {
        assertTrue(u.complete(), "upload " + u.uploadId() + " has no last chunk");
        BlobChunk last = u.last();
        assertEquals(u.bytes().length, last.getTotalSize());
        assertNotNull(last.getSha256());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(u.bytes())),
                HexFormat.of().formatHex(last.getSha256().bytes()));
    }

    static Map<String, Upload> bySourceName(Map<String, Upload> uploads) {
        return uploads.values().stream().collect(Collectors.toMap(u -> u.chunks().get(0).getSourceName(),
                u -> u, (a, b) -> {
                    throw new AssertionError("duplicate source name " + a.chunks().get(0).getSourceName());
                }, LinkedHashMap::new));
    }

    static void assertSameBytes(byte[] expected, Upload u) {
        assertArrayEquals(expected, u.bytes(), "bytes of " + u.chunks().get(0).getSourceName());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private ChunkTopicReader() {
    }
}
