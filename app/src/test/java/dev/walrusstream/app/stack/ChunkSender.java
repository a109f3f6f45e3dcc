package dev.walrusstream.app.stack;

import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.DefaultTopics;
import dev.walrusstream.schemas.Sha256;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Sends an upload's chunks {@code [from, to)} straight to the chunks topic, as any producer could. */
final class ChunkSender {
    private ChunkSender() {
    }

    static void send(EmbeddedStack stack, String id, byte[] data, int chunk, int from, int to) throws Exception {
        send(stack, id, id + ".bin", Map.of(), data, chunk, from, to);
    }

    static void send(EmbeddedStack stack, String id, String sourceName, Map<String, String> attributes, byte[] data,
                     int chunk, int from, int to) throws Exception {
        send(stack.services().bootstrapServers(), stack.services().registryUrl(), id, sourceName, attributes, data, chunk, from, to);
    }

    static void send(String bootstrap, String registryUrl, String id, String sourceName, Map<String, String> attributes,
                     byte[] data, int chunk, int from, int to) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 << 20));
        AvroWireSerializer<BlobChunk> wire = AvroWireSerializer.specific(
                new dev.walrusstream.schemas.registry.SchemaRegistryClient(
                        dev.walrusstream.schemas.registry.RegistryClientConfig.of(registryUrl)),
                SubjectNameStrategy.valueSubject(DefaultTopics.CHUNKS), BlobChunk.class, true);
        int count = Math.max(1, (data.length + chunk - 1) / chunk);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                int start = i * chunk;
                byte[] part = java.util.Arrays.copyOfRange(data, Math.min(data.length, start), Math.min(data.length, start + chunk));
                boolean last = i == count - 1;
                BlobChunk c = BlobChunk.newBuilder().setUploadId(id).setSequence(i).setOffset(start).setLast(last)
                        .setData(ByteBuffer.wrap(part)).setSourceName(sourceName).setAttributes(new HashMap<>(attributes))
                        .setTotalSize(last ? (long) data.length : null)
                        .setSha256(last ? new Sha256(MessageDigest.getInstance("SHA-256").digest(data)) : null)
                        .build();
                producer.send(new ProducerRecord<>(DefaultTopics.CHUNKS, id.getBytes(StandardCharsets.UTF_8), wire.serialize(c))).get();
            }
        }
    }

    static int chunks(byte[] data, int chunk) {
        return Math.max(1, (data.length + chunk - 1) / chunk);
    }
}
