package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.ControlAction;
import dev.walrusstream.schemas.ControlMarker;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;

/**
 * The close marker of a dataset version (wire format in docs/dataset-manifests.md): a {@code BlobChunk}
 * with no data whose {@code control} is {@code CLOSE_VERSION}, written once to every partition of the
 * chunk topic after every upload of the version was acknowledged. Kafka keeps each partition in order,
 * so on every partition the marker's copy comes after the last chunk of every upload sent before it.
 */
public final class CloseMarkers {
    private CloseMarkers() {
    }

    /** What was sent: the marker's id and where each copy landed (offset per partition, in partition order). */
    public record Sent(String markerId, String dataset, String version, List<Long> offsets) {
        public int partitions() {
            return offsets.size();
        }
    }

    /** One copy of the marker (the same record goes to every partition). */
    public static BlobChunk marker(String markerId, DatasetRef version, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a close marker needs the topic's partition count, got " + partitions);
        }
        return BlobChunk.newBuilder()
                .setUploadId(markerId)
                .setSequence(0)
                .setOffset(0)
                .setLast(true)
                .setData(ByteBuffer.allocate(0))
                .setDataset(version.name())
                .setDatasetVersion(version.version())
                .setAttributes(new HashMap<>())
                .setTotalSize(0L)
                .setControl(ControlMarker.newBuilder().setAction(ControlAction.CLOSE_VERSION)
                        .setMarkerId(markerId).setPartitions(partitions).build())
                .build();
    }

    /** True for control records (they carry no upload data). */
    public static boolean isControl(BlobChunk chunk) {
        return chunk.getControl() != null;
    }
}
