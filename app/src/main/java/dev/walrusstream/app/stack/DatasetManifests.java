package dev.walrusstream.app.stack;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestEntry;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dataset manifests: the ordered blobs (and quilt patches) of one dataset version, built from
 * receipts and stored as a blob of its own. The blob is an Avro object container file (the schema is
 * inside), so any Avro reader can open it without the registry; its blob ID names the dataset version.
 */
public final class DatasetManifests {
    private DatasetManifests() {
    }

    /** Builds the manifest of the uploads that completed (every receipt stored), in the order given. */
    public static DatasetManifest build(String dataset, String version, List<PipelineRun.Outcome> outcomes) {
        List<ManifestEntry> entries = new ArrayList<>();
        Integer endEpoch = null;
        for (PipelineRun.Outcome o : outcomes) {
            if (!o.verified()) {
                continue;
            }
            long offset = 0;
            for (BlobReceipt r : o.receipts()) {
                Map<String, String> attributes = new HashMap<>(o.upload().attributes());
                String samples = attributes.get("samples");
                entries.add(ManifestEntry.newBuilder()
                        .setUploadId(r.getUploadId())
                        .setSourceName(r.getSourceName())
                        .setSegment(r.getSegment())
                        .setSegments(r.getSegments())
                        .setOffset(offset)
                        .setBlobId(r.getBlobId())
                        .setQuiltPatchId(r.getQuiltPatchId())
                        .setObjectId(r.getObjectId())
                        .setSize(r.getSize())
                        .setSha256(r.getSha256())
                        .setSamples(samples == null ? null : Long.parseLong(samples))
                        .setEndEpoch(r.getEndEpoch())
                        .setAttributes(attributes)
                        .build());
                offset += r.getSize();
                if (r.getEndEpoch() != null) {
                    endEpoch = endEpoch == null ? r.getEndEpoch() : Math.min(endEpoch, r.getEndEpoch());
                }
            }
        }
        return DatasetManifest.newBuilder().setDataset(dataset).setVersion(version).setCreatedAt(Instant.now())
                .setEndEpoch(endEpoch).setBlobs(entries).build();
    }

    public static byte[] toBytes(DatasetManifest manifest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<DatasetManifest> writer = new DataFileWriter<>(new SpecificDatumWriter<>(DatasetManifest.class))) {
            writer.create(DatasetManifest.getClassSchema(), out);
            writer.append(manifest);
        }
        return out.toByteArray();
    }

    public static DatasetManifest fromBytes(byte[] bytes) throws IOException {
        try (DataFileReader<DatasetManifest> reader = new DataFileReader<>(new SeekableByteArrayInput(bytes),
                new SpecificDatumReader<>(DatasetManifest.class))) {
            if (!reader.hasNext()) {
                throw new IOException("the manifest blob holds no DatasetManifest record");
            }
            return reader.next();
        }
    }

    /** Stores the manifest as a blob; returns the store's outcome. */
    public static StoreResult store(StorageClient client, DatasetManifest manifest, int epochs) throws Exception {
        return client.store(toBytes(manifest), StoreOptions.permanent(epochs));
    }
}
