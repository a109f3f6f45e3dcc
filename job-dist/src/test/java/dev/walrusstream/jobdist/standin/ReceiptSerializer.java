package dev.walrusstream.jobdist.standin;

import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.KafkaProvenance;
import dev.walrusstream.schemas.StoreStatus;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** BlobReceipt → Confluent wire format, keyed by upload id. */
final class ReceiptSerializer implements KafkaRecordSerializationSchema<StoredUpload> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final RegistryClientConfig registry;
    private transient AvroWireSerializer<BlobReceipt> serializer;

    ReceiptSerializer(String topic, RegistryClientConfig registry) {
        this.topic = topic;
        this.registry = registry;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        serializer = AvroWireSerializer.specific(new SchemaRegistryClient(registry),
                SubjectNameStrategy.valueSubject(topic), BlobReceipt.class, true);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(StoredUpload s, KafkaSinkContext context, Long timestamp) {
        if (serializer == null) {
            open(null, context);
        }
        BlobReceipt r = BlobReceipt.newBuilder()
                .setUploadId(s.uploadId)
                .setSourceName(s.sourceName)
                .setBlobId(s.blobId)
                .setSize(s.size)
                .setStatus(s.newlyCreated ? StoreStatus.NEWLY_CREATED : StoreStatus.ALREADY_CERTIFIED)
                .setSource(KafkaProvenance.newBuilder().setTopic(s.topic).setPartition(s.partition)
                        .setFirstOffset(s.firstOffset).setLastOffset(s.lastOffset).build())
                .setCertifiedAt(Instant.now())
                .build();
        return new ProducerRecord<>(topic, null, s.uploadId.getBytes(StandardCharsets.UTF_8), serializer.serialize(r));
    }
}
