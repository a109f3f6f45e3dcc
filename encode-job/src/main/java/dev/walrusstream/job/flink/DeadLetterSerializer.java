package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.DeadLetterEvent;
import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.DeadLetterReason;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** {@link DeadLetterEvent} → {@code DeadLetter} in the Confluent wire format, keyed by upload id. */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetterEvent> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final RegistryClientConfig registry;
    private transient AvroWireSerializer<DeadLetter> serializer;

    public DeadLetterSerializer(String topic, RegistryClientConfig registry) {
        this.topic = topic;
        this.registry = registry;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        serializer = AvroWireSerializer.specific(new SchemaRegistryClient(registry), SubjectNameStrategy.valueSubject(topic),
                DeadLetter.class, true);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetterEvent e, KafkaSinkContext context, Long timestamp) {
        if (serializer == null) {
            open(null, context);
        }
        DeadLetter d = DeadLetter.newBuilder()
                .setReason(reason(e.reason))
                .setMessage(e.message == null ? "" : e.message)
                .setUploadId(e.uploadId)
                .setTopic(e.topic == null ? "" : e.topic)
                .setPartition(e.partition)
                .setOffset(e.offset)
                .setKey(e.key == null ? null : ByteBuffer.wrap(e.key))
                .setValue(e.value == null ? null : ByteBuffer.wrap(e.value))
                .setOriginalTimestamp(e.originalTimestamp > 0 ? Instant.ofEpochMilli(e.originalTimestamp) : null)
                .setTime(Instant.now())
                .build();
        byte[] key = e.uploadId == null ? null : e.uploadId.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, key, serializer.serialize(d));
    }

    private static DeadLetterReason reason(String name) {
        try {
            return DeadLetterReason.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException ex) {
            return DeadLetterReason.OTHER;
        }
    }
}
