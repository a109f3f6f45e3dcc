package dev.walrusstream.app.stack;

import dev.walrusstream.embedded.EmbeddedKafka;
import dev.walrusstream.embedded.KafkaSettings;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The recovery protocol the job's exactly-once Kafka sinks (receipts, dead letters) rely on, against
 * the embedded broker: a transaction pre-committed before a checkpoint is committed after a crash by a
 * fresh producer resuming it from the checkpointed producer id and epoch (flink-connector-kafka 5.0.0,
 * {@code FlinkKafkaInternalProducer#resumeTransaction}). That must work whether the crash landed before
 * the original commit (the records become visible) or after it (the second commit is a no-op).
 *
 * <p>Under {@code transaction.version} 2 (KIP-890, the Kafka 4.x default) it does not: every commit bumps
 * the epoch, so re-committing a committed transaction is fenced; and the resumed producer, which never
 * ran InitProducerId, upgrades itself to version 2 when it commits and queues an epoch-bumping
 * InitProducerId beside its EndTxn, which can abort the very transaction it is committing (the receipts in
 * it are lost). The embedded broker therefore runs version 1 ({@code EmbeddedKafka}).
 */
class KafkaTransactionRecoveryIT {
    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(KafkaSettings.defaults().withDataDir(dir.resolve("kafka")));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theEmbeddedBrokerRunsTheTransactionProtocolTheSinksCanRecover() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
            org.apache.kafka.clients.admin.FinalizedVersionRange v = admin.describeFeatures().featureMetadata()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).finalizedFeatures().get(EmbeddedKafka.TRANSACTION_VERSION);
            assertEquals(EmbeddedKafka.EXACTLY_ONCE_TRANSACTION_VERSION, v == null ? 0 : v.maxVersionLevel(),
                    "finalized " + EmbeddedKafka.TRANSACTION_VERSION);
        }
    }

    @Test
    void aCheckpointedTransactionResumedAfterACrashBeforeItsCommitIsCommitted() throws Exception {
        String topic = "recover-before-commit";
        kafka.createTopic(topic, 1);
        long producerId;
        short epoch;
        FlinkKafkaInternalProducer<byte[], byte[]> writer = producer("it-before-0-8");
        writer.initTransactions();
        writer.beginTransaction();
        writer.send(new ProducerRecord<>(topic, "receipt".getBytes(StandardCharsets.UTF_8)));
        writer.flush();
        producerId = writer.getProducerId();
        epoch = writer.getEpoch();
        writer.close(); // the task manager dies: pre-committed, never committed

        try (FlinkKafkaInternalProducer<byte[], byte[]> committer = producer("it-before-0-8")) {
            committer.resumeTransaction(producerId, epoch);
            committer.commitTransaction();
        }
        assertEquals(List.of("receipt"), readCommitted(topic));
    }

    @Test
    void aCheckpointedTransactionResumedAfterACrashAfterItsCommitIsANoOp() throws Exception {
        String topic = "recover-after-commit";
        kafka.createTopic(topic, 1);
        FlinkKafkaInternalProducer<byte[], byte[]> writer = producer("it-after-0-8");
        writer.initTransactions();
        writer.beginTransaction();
        writer.send(new ProducerRecord<>(topic, "receipt".getBytes(StandardCharsets.UTF_8)));
        writer.flush();
        long producerId = writer.getProducerId();
        short epoch = writer.getEpoch();
        writer.commitTransaction(); // committed, then the task manager dies before the next checkpoint
        writer.close();

        try (FlinkKafkaInternalProducer<byte[], byte[]> committer = producer("it-after-0-8")) {
            committer.resumeTransaction(producerId, epoch);
            committer.commitTransaction();
        }
        assertEquals(List.of("receipt"), readCommitted(topic));
    }

    private static FlinkKafkaInternalProducer<byte[], byte[]> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
        return new FlinkKafkaInternalProducer<>(p, transactionalId);
    }

    private static List<String> readCommitted(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
