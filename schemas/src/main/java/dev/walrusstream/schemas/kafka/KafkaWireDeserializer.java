package dev.walrusstream.schemas.kafka;

import dev.walrusstream.schemas.registry.SchemaRegistry;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} adapter over {@link AvroWireDeserializer}. A bad value surfaces from
 * {@code poll()} as Kafka's {@code RecordDeserializationException} wrapping a
 * {@link dev.walrusstream.schemas.wire.RecordDecodeException}; readers that must dead-letter bad values should
 * consume {@code byte[]} and call {@link AvroWireDeserializer} themselves.
 */
public final class KafkaWireDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final AvroWireDeserializer<T> delegate;

    public KafkaWireDeserializer(SchemaRegistry registry, Class<T> type) {
        this.delegate = AvroWireDeserializer.specific(registry, type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : delegate.deserialize(data);
    }
}
