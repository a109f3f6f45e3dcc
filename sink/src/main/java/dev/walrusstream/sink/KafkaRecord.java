package dev.walrusstream.sink;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** An already serialized Kafka record (key and value bytes). Flink POJO. */
public class KafkaRecord {
    public byte[] key;
    public byte[] value;
    /** The topic to write to, or null for the serializer's topic. */
    public String topic;

    public KafkaRecord() {
    }

    public KafkaRecord(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    public KafkaRecord(byte[] key, byte[] value, String topic) {
        this(key, value);
        this.topic = topic;
    }

    /** Writes records as they are, to their own topic or else to this one. */
    public static final class Serializer implements KafkaRecordSerializationSchema<KafkaRecord> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        public Serializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(KafkaRecord r, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(r.topic != null ? r.topic : topic, null, r.key, r.value);
        }
    }
}
