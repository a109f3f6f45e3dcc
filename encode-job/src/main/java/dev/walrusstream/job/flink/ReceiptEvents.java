package dev.walrusstream.job.flink;

import dev.walrusstream.job.manifest.VersionEvent;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.ReceiptKind;
import dev.walrusstream.schemas.StoreStatus;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import dev.walrusstream.schemas.wire.RecordDecodeException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's own committed receipts → what the manifest builders need: one {@code CERTIFIED} event per
 * upload receipt of a dataset version. Manifest receipts, receipts without a dataset and records that
 * are no receipt are skipped (they are not the builder's business).
 */
public final class ReceiptEvents implements KafkaRecordDeserializationSchema<VersionEvent> {
    private static final long serialVersionUID = 1L;

    private final RegistryClientConfig registry;
    private transient AvroWireDeserializer<BlobReceipt> deserializer;

    public ReceiptEvents(RegistryClientConfig registry) {
        this.registry = registry;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        deserializer = AvroWireDeserializer.specific(new SchemaRegistryClient(registry), BlobReceipt.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<VersionEvent> out) {
        if (deserializer == null) {
            open(null);
        }
        if (record.value() == null) {
            return;
        }
        BlobReceipt r;
        try {
            r = deserializer.deserialize(record.value());
        } catch (RecordDecodeException | IllegalArgumentException e) {
            return;
        }
        VersionEvent e = of(r);
        if (e != null) {
            out.collect(e);
        }
    }

    /** The event of an upload receipt of a dataset version, or null. */
    static VersionEvent of(BlobReceipt r) {
        if (r.getDataset() == null || r.getDatasetVersion() == null) {
            return null;
        }
        if (r.getKind() == ReceiptKind.MANIFEST) {
            return finalManifest(r);
        }
        if (r.getKind() != ReceiptKind.UPLOAD) {
            return null;
        }
        VersionEvent e = new VersionEvent();
        e.kind = VersionEvent.Kind.CERTIFIED;
        e.dataset = r.getDataset();
        e.datasetVersion = r.getDatasetVersion();
        e.uploadId = r.getUploadId();
        e.segment = r.getSegment();
        e.segments = r.getSegments();
        e.size = r.getSize();
        e.sha256 = r.getSha256() == null ? null : r.getSha256().bytes().clone();
        e.blobId = r.getBlobId();
        e.quiltPatchId = r.getQuiltPatchId();
        e.objectId = r.getObjectId();
        e.endEpoch = r.getEndEpoch() == null ? -1 : r.getEndEpoch();
        e.encryption = r.getEncryption();
        e.ok = (r.getStatus() == StoreStatus.NEWLY_CREATED || r.getStatus() == StoreStatus.ALREADY_CERTIFIED)
                && r.getBlobId() != null && e.sha256 != null;
        if (!e.ok) {
            e.problem = r.getStatus() + (r.getError() == null ? "" : " in " + r.getError().getPhase() + ": "
                    + r.getError().getReason());
        }
        return e;
    }

    /** A version's final manifest blob, certified: the job's keeper keeps it alive with the data (snapshots it does not). */
    private static VersionEvent finalManifest(BlobReceipt r) {
        if (!dev.walrusstream.job.manifest.ManifestBlobs.FINAL.equals(r.getSourceName()) || r.getObjectId() == null
                || !(r.getStatus() == StoreStatus.NEWLY_CREATED || r.getStatus() == StoreStatus.ALREADY_CERTIFIED)) {
            return null;
        }
        VersionEvent e = new VersionEvent();
        e.kind = VersionEvent.Kind.MANIFEST_STORED;
        e.dataset = r.getDataset();
        e.datasetVersion = r.getDatasetVersion();
        e.uploadId = r.getUploadId();
        e.blobId = r.getBlobId();
        e.objectId = r.getObjectId();
        e.endEpoch = r.getEndEpoch() == null ? -1 : r.getEndEpoch();
        e.ok = true;
        return e;
    }

    @Override
    public TypeInformation<VersionEvent> getProducedType() {
        return TypeInformation.of(VersionEvent.class);
    }
}
