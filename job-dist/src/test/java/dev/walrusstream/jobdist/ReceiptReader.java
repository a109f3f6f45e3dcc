package dev.walrusstream.jobdist;

import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads committed receipts (what a downstream consumer with {@code read_committed} sees). */
final class ReceiptReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroWireDeserializer<BlobReceipt> deserializer;
    private final List<BlobReceipt> seen = new ArrayList<>();

    ReceiptReader(String bootstrap, String registryUrl, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        deserializer = AvroWireDeserializer.specific(SchemaRegistryClient.of(registryUrl), BlobReceipt.class);
    }

    /** Every receipt read so far. */
    List<BlobReceipt> all() {
        return List.copyOf(seen);
    }

    /** Polls until {@code done} holds for the receipts read so far, or the timeout passes; returns all of them. */
    List<BlobReceipt> until(Predicate<List<BlobReceipt>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(seen) && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(500));
        }
        return all();
    }

    /** Keeps reading for {@code d} (to catch duplicates arriving late). */
    List<BlobReceipt> drain(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(500));
        }
        return all();
    }

    private void poll(Duration d) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
            seen.add(deserializer.deserialize(r.value()));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
