package dev.walrusstream.job.manifest;

import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestCodec;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A manifest as a blob task for the manifest sink. Its receipt (kind MANIFEST) names the version; the
 * upload id and source name say whether it is the final manifest or a snapshot:
 * <ul>
 *   <li>final: upload id {@code manifest:DATASET/VERSION}, source name {@value #FINAL};</li>
 *   <li>snapshot: upload id {@code manifest:DATASET/VERSION@CREATED_AT_MILLIS}, source name {@value #SNAPSHOT}.</li>
 * </ul>
 */
public final class ManifestBlobs {
    public static final String FINAL = "manifest";
    public static final String SNAPSHOT = "manifest-snapshot";
    public static final String CONTENT_TYPE = "application/vnd.apache.avro.file";

    private ManifestBlobs() {
    }

    public static BlobTask task(DatasetManifest m) throws IOException {
        byte[] bytes = ManifestCodec.toBytes(m);
        BlobPart p = BlobPart.builder()
                .uploadId("manifest:" + m.getDataset() + "/" + m.getVersion()
                        + (m.getClosed() ? "" : "@" + m.getCreatedAt().toEpochMilli()))
                .segment(0)
                .segments(1)
                .sourceName(m.getClosed() ? FINAL : SNAPSHOT)
                .contentType(CONTENT_TYPE)
                .dataset(m.getDataset())
                .datasetVersion(m.getVersion())
                .attributes(java.util.Map.of("files", String.valueOf(m.getFiles().size())))
                .size(bytes.length)
                .sha256(sha256(bytes))
                .source("", -1, -1, -1)
                .build();
        BlobTask t = BlobTask.segment(p, bytes);
        t.name = p.uploadId();
        return t;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
