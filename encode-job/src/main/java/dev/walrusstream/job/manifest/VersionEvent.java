package dev.walrusstream.job.manifest;

import dev.walrusstream.job.state.VersionEventCodec;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.HashMap;
import java.util.Map;

/**
 * What the manifest builder of one dataset version learns, in one of four kinds. Travels between
 * operators (never kept in state), serialized by {@link VersionEventCodec}.
 * <ul>
 *   <li>{@code DECLARED}: the last chunk of an upload of the version was read (path, claimed size and
 *       SHA-256, content type, attributes);</li>
 *   <li>{@code MARKER}: one copy of a close marker, read on {@code partition} of {@code partitions};</li>
 *   <li>{@code CERTIFIED}: a receipt of one segment or quilt patch of an upload of the version
 *       ({@code ok} false when it was marked invalid or failed);</li>
 *   <li>{@code FAILED}: the upload was refused (dead-lettered) and will never be complete;</li>
 *   <li>{@code RENEWED}: the job's keeper extended the blob object {@code objectId} of segment
 *       {@code segment} of the upload to {@code endEpoch};</li>
 *   <li>{@code MANIFEST_STORED}: the version's final manifest blob ({@code objectId}) was certified; for
 *       the job's keeper only, the builder ignores it.</li>
 * </ul>
 */
@TypeInfo(VersionEventCodec.Factory.class)
public class VersionEvent {
    public enum Kind { DECLARED, MARKER, CERTIFIED, FAILED, RENEWED, MANIFEST_STORED }

    public Kind kind;
    public String dataset;
    public String datasetVersion;
    public String uploadId;

    public String path;
    public long size = -1;
    public byte[] sha256;
    public String contentType;
    public Map<String, String> attributes = new HashMap<>();

    public String markerId;
    public int partition;
    public int partitions;
    /** Kafka timestamp of the marker copy. */
    public long timestamp;

    public int segment;
    public int segments;
    public String blobId;
    public String quiltPatchId;
    public String objectId;
    public int endEpoch = -1;
    /** How the sink encrypted the segment's blob (from its receipt), or null. */
    public dev.walrusstream.schemas.Encryption encryption;
    public boolean ok;
    public String problem;

    public VersionEvent() {
    }

    /** The key of the version's builder: unambiguous whatever the names contain. */
    public String versionKey() {
        return key(dataset, datasetVersion);
    }

    public static String key(String dataset, String version) {
        return dataset.length() + ":" + dataset + "/" + version;
    }

    @Override
    public String toString() {
        return kind + " " + dataset + "/" + datasetVersion + " " + (kind == Kind.MARKER ? markerId + "@" + partition
                : uploadId + (kind == Kind.CERTIFIED || kind == Kind.RENEWED ? "#" + segment : "")
                + (kind == Kind.RENEWED ? " -> end epoch " + endEpoch : ""));
    }
}
