package dev.walrusstream.sink;

import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.Encryption;
import dev.walrusstream.schemas.KafkaProvenance;
import dev.walrusstream.schemas.ReceiptKind;
import dev.walrusstream.schemas.Sha256;
import dev.walrusstream.schemas.StoreError;
import dev.walrusstream.schemas.StoreStatus;
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

/** Certified committables → one {@code BlobReceipt} per part, in the Confluent wire format, keyed by upload id. */
final class ReceiptMapper extends RichFlatMapFunction<CommittableMessage<WalrusCommittable>, KafkaRecord> {
    private static final long serialVersionUID = 1L;

    private final String registryUrl;
    private final String topic;
    private final ReceiptKind kind;
    private transient AvroWireSerializer<BlobReceipt> serializer;

    ReceiptMapper(String registryUrl, String topic, ReceiptKind kind) {
        this.registryUrl = registryUrl;
        this.topic = topic;
        this.kind = kind;
    }

    @Override
    public void open(OpenContext context) {
        serializer = AvroWireSerializer.specific(new SchemaRegistryClient(RegistryClientConfig.of(registryUrl)),
                SubjectNameStrategy.valueSubject(topic), BlobReceipt.class, true);
    }

    @Override
    public void flatMap(CommittableMessage<WalrusCommittable> message, Collector<KafkaRecord> out) {
        if (!(message instanceof CommittableWithLineage<WalrusCommittable> lineage)) {
            return;
        }
        for (BlobReceipt receipt : receipts(lineage.getCommittable(), kind)) {
            out.collect(new KafkaRecord(receipt.getUploadId().getBytes(StandardCharsets.UTF_8), serializer.serialize(receipt)));
        }
    }

    /** The receipts of one committable, one per part. */
    static List<BlobReceipt> receipts(WalrusCommittable c) {
        return receipts(c, ReceiptKind.UPLOAD);
    }

    /** The receipts of one committable, one per part, of the given kind. */
    static List<BlobReceipt> receipts(WalrusCommittable c, ReceiptKind kind) {
        List<BlobReceipt> out = new ArrayList<>();
        String blobId = c.blobId() == null ? null : c.blobId().base64Url();
        for (BlobPart p : c.parts()) {
            BlobReceipt.Builder b = BlobReceipt.newBuilder()
                    .setUploadId(p.uploadId())
                    .setKind(kind)
                    .setDataset(p.dataset())
                    .setDatasetVersion(p.datasetVersion())
                    .setSegment(p.segment())
                    .setSegments(p.segments())
                    .setSourceName(p.sourceName())
                    .setBlobId(blobId)
                    .setObjectId(c.objectId() == null ? null : c.objectId().toString())
                    .setSize(p.size())
                    .setEncodedSize(c.encodedSize() == 0 ? null : c.encodedSize())
                    .setSha256(p.sha256() == null ? null : new Sha256(p.sha256()))
                    .setDeletable(c.deletable())
                    .setStartEpoch(c.startEpoch() < 0 ? null : c.startEpoch())
                    .setEndEpoch(c.endEpoch() < 0 ? null : c.endEpoch())
                    .setStatus(status(c.status()))
                    .setSource(KafkaProvenance.newBuilder().setTopic(p.topic() == null ? "" : p.topic())
                            .setPartition(p.partition()).setFirstOffset(p.firstOffset()).setLastOffset(p.lastOffset()).build())
                    .setCertifiedAt(c.certifiedAtMillis() > 0 ? Instant.ofEpochMilli(c.certifiedAtMillis()) : null);
            if (p.isPatch() && c.blobId() != null) {
                b.setQuiltPatchId(new QuiltPatchId(c.blobId(), p.startColumn(), p.endColumn()).text());
            }
            WalrusCommittable.Encryption e = c.encryption();
            if (e != null) {
                b.setEncryption(Encryption.newBuilder().setFormat(1).setKeyId(e.keyId())
                        .setWrapAlgorithm(e.wrapAlgorithm()).setWrappedKey(java.nio.ByteBuffer.wrap(e.wrappedKey()))
                        .setChunkSize(e.chunkSize()).setPlaintextSize(e.plaintextSize()).build());
            }
            if (c.status() == WalrusCommittable.Status.ERROR) {
                b.setError(StoreError.newBuilder().setPhase(c.failure().phase()).setReason(c.failure().reason()).build());
            } else if (c.status() == WalrusCommittable.Status.READY) {
                b.setError(StoreError.newBuilder().setPhase("certify").setReason("not certified").build());
            }
            out.add(b.build());
        }
        return out;
    }

    private static StoreStatus status(WalrusCommittable.Status s) {
        return switch (s) {
            case NEWLY_CREATED -> StoreStatus.NEWLY_CREATED;
            case ALREADY_CERTIFIED -> StoreStatus.ALREADY_CERTIFIED;
            case MARKED_INVALID -> StoreStatus.MARKED_INVALID;
            case ERROR, READY -> StoreStatus.ERROR;
        };
    }
}
