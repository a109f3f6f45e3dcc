package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.DeadLetterEvent;
import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import dev.walrusstream.schemas.wire.RecordDecodeException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Kafka record → {@link DecodedRecord}: the value is a {@code BlobChunk} in the Confluent wire format,
 * resolved through the schema registry. Malformed framing, unknown schema ids and undecodable bodies
 * become dead letters with the original bytes; a registry that cannot be reached fails the task (so
 * Flink retries) instead of dead-lettering everything.
 */
public final class ChunkDeserializer implements KafkaRecordDeserializationSchema<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    private final RegistryClientConfig registry;
    private transient AvroWireDeserializer<BlobChunk> deserializer;

    public ChunkDeserializer(RegistryClientConfig registry) {
        this.registry = registry;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        deserializer = AvroWireDeserializer.specific(new SchemaRegistryClient(registry), BlobChunk.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedRecord> out) {
        if (deserializer == null) {
            open(null);
        }
        ChunkEvent event = new ChunkEvent();
        event.topic = record.topic();
        event.partition = record.partition();
        event.kafkaOffset = record.offset();
        event.timestamp = record.timestamp();
        event.originalKey = record.key();
        event.originalValue = record.value();
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("record has no value (a tombstone)");
            }
            BlobChunk chunk = deserializer.deserialize(record.value());
            event.uploadId = chunk.getUploadId();
            event.sequence = chunk.getSequence();
            event.offset = chunk.getOffset();
            event.last = chunk.getLast();
            event.data = bytes(chunk.getData());
            event.contentType = chunk.getContentType();
            event.sourceName = chunk.getSourceName();
            event.dataset = chunk.getDataset();
            event.datasetVersion = chunk.getDatasetVersion();
            chunk.getAttributes().forEach((k, v) -> event.attributes.put(k, v));
            event.sha256 = chunk.getSha256() == null ? null : chunk.getSha256().bytes().clone();
            event.totalSize = chunk.getTotalSize() == null ? -1 : chunk.getTotalSize();
            if (chunk.getControl() != null) {
                event.controlMarkerId = chunk.getControl().getMarkerId();
                event.controlPartitions = chunk.getControl().getPartitions();
            }
            out.collect(DecodedRecord.of(event));
        } catch (RecordDecodeException e) {
            out.collect(DecodedRecord.of(dead(event, e.reason().name(), e.getMessage())));
        } catch (IllegalArgumentException e) {
            out.collect(DecodedRecord.of(dead(event, "UNDECODABLE_RECORD", e.getMessage())));
        }
    }

    private static DeadLetterEvent dead(ChunkEvent event, String reason, String message) {
        event.uploadId = event.originalKey == null ? null : new String(event.originalKey, StandardCharsets.UTF_8);
        return DeadLetterEvent.of(reason, message + " (" + event.topic + "/" + event.partition + "@" + event.kafkaOffset + ")", event);
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }
}
