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

/**
 * {@link DeadLetterEvent} → {@code DeadLetter} in the Confluent wire format, keyed by upload id. The
 * original value travels along up to {@link #MAX_VALUE_BYTES}; a larger one is left out and the
 * message says where it still is (its topic, partition and offset), so no record is ever too large
 * for the dead-letter topic and nothing is lost.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetterEvent> {
    private static final long serialVersionUID = 1L;
    /** Largest original value copied into a dead letter. */
    public static final int MAX_VALUE_BYTES = 4 << 20;
    /** max.request.size of the dead-letter producer: the value plus key, message and framing. */
    public static final int MAX_RECORD_BYTES = MAX_VALUE_BYTES + (1 << 20);

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
        boolean omit = e.value != null && e.value.length > MAX_VALUE_BYTES;
        String message = e.message == null ? "" : e.message;
        if (omit) {
            message += " [original value of " + e.value.length + " bytes not copied (limit " + MAX_VALUE_BYTES
                    + "); it is still at " + e.topic + "/" + e.partition + "@" + e.offset + "]";
        }
        DeadLetter d = DeadLetter.newBuilder()
                .setReason(reason(e.reason))
                .setMessage(message)
                .setUploadId(e.uploadId)
                .setTopic(e.topic == null ? "" : e.topic)
                .setPartition(e.partition)
                .setOffset(e.offset)
                .setKey(e.key == null ? null : ByteBuffer.wrap(e.key))
                .setValue(e.value == null || omit ? null : ByteBuffer.wrap(e.value))
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
