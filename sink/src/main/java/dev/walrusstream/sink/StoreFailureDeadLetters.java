package dev.walrusstream.sink;

import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.DeadLetterReason;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Blobs that failed for good (an ERROR committable: too large for the network, refused by the chain
 * for this blob) → one {@code DeadLetter} per part, reason {@code STORE_FAILED}, with the phase and
 * reason in the message and where the part's chunks were read, beside its ERROR receipt.
 */
final class StoreFailureDeadLetters extends RichFlatMapFunction<CommittableMessage<WalrusCommittable>, KafkaRecord> {
    private static final long serialVersionUID = 1L;

    private final String registryUrl;
    private final String topic;
    private transient AvroWireSerializer<DeadLetter> serializer;

    StoreFailureDeadLetters(String registryUrl, String topic) {
        this.registryUrl = registryUrl;
        this.topic = topic;
    }

    @Override
    public void open(OpenContext context) {
        serializer = AvroWireSerializer.specific(new SchemaRegistryClient(RegistryClientConfig.of(registryUrl)),
                SubjectNameStrategy.valueSubject(topic), DeadLetter.class, true);
    }

    @Override
    public void flatMap(CommittableMessage<WalrusCommittable> message, Collector<KafkaRecord> out) {
        if (message instanceof CommittableWithLineage<WalrusCommittable> lineage) {
            for (DeadLetter d : deadLetters(lineage.getCommittable(), Instant.now())) {
                byte[] key = d.getUploadId() == null ? null : d.getUploadId().getBytes(StandardCharsets.UTF_8);
                out.collect(new KafkaRecord(key, serializer.serialize(d), topic));
            }
        }
    }

    /** The dead letters of one committable: none unless it failed for good. */
    static List<DeadLetter> deadLetters(WalrusCommittable c, Instant now) {
        List<DeadLetter> out = new ArrayList<>();
        if (c.status() != WalrusCommittable.Status.ERROR) {
            return out;
        }
        for (BlobPart p : c.parts()) {
            out.add(DeadLetter.newBuilder()
                    .setReason(DeadLetterReason.STORE_FAILED)
                    .setMessage("storing " + p + " (blob " + (c.blobId() == null ? "none" : c.blobId().base64Url())
                            + ") failed for good in phase " + c.failure().phase() + ": " + c.failure().reason())
                    .setUploadId(p.uploadId())
                    .setTopic(p.topic() == null ? "" : p.topic())
                    .setPartition(p.partition())
                    .setOffset(p.firstOffset())
                    .setTime(now)
                    .build());
        }
        return out;
    }
}
