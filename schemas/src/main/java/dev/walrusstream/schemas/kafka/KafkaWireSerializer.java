package dev.walrusstream.schemas.kafka;

import dev.walrusstream.schemas.registry.SchemaRegistry;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka {@link Serializer} adapter over {@link AvroWireSerializer}: one wire serializer per topic, subject from the
 * {@link SubjectNameStrategy} (topic name by default). Built with its collaborators; not configured by class name.
 */
public final class KafkaWireSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final SchemaRegistry registry;
    private final Class<T> type;
    private final SubjectNameStrategy strategy;
    private final boolean autoRegister;
    private final Map<String, AvroWireSerializer<T>> byTopic = new ConcurrentHashMap<>();

    public KafkaWireSerializer(SchemaRegistry registry, Class<T> type, SubjectNameStrategy strategy,
                               boolean autoRegister) {
        this.registry = registry;
        this.type = type;
        this.strategy = strategy;
        this.autoRegister = autoRegister;
    }

    /** Topic-name strategy, auto-registration on. */
    public KafkaWireSerializer(SchemaRegistry registry, Class<T> type) {
        this(registry, type, SubjectNameStrategy.TOPIC_NAME, true);
    }

    /** The wire serializer used for {@code topic} (call {@code schemaId()} on it to register early). */
    public AvroWireSerializer<T> forTopic(String topic) {
        return byTopic.computeIfAbsent(topic, t -> AvroWireSerializer.specific(registry,
                strategy.subject(t, false, SpecificData.getForClass(type).getSchema(type)), type, autoRegister));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : forTopic(topic).serialize(data);
    }
}
