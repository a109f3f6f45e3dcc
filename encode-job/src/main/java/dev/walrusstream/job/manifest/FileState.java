package dev.walrusstream.job.manifest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the manifest builder knows about one upload of a dataset version (one keyed-state entry per
 * upload, so a version of millions of files is millions of small values, never one giant one): its
 * declaration (from its last chunk), its certified segments by index, and whether it failed.
 * Serialized by {@link FileStateCodec}.
 */
public final class FileState {
    /** One certified blob or quilt patch of the upload; {@code endEpoch} -1 when unknown, {@code encryption} null when clear. */
    public record Segment(int index, long size, byte[] sha256, String blobId, String quiltPatchId, String objectId,
                          int endEpoch, dev.walrusstream.schemas.Encryption encryption) {
        /** The same segment with the end epoch a renewal gave it. */
        public Segment renewedTo(int newEndEpoch) {
            return new Segment(index, size, sha256, blobId, quiltPatchId, objectId, newEndEpoch, encryption);
        }
    }

    String uploadId;
    boolean declared;
    String path;
    long declaredSize = -1;
    byte[] sha256;
    String contentType;
    Map<String, String> attributes = new TreeMap<>();
    /** Declared before the version was sealed by its close marker: part of the final manifest. */
    boolean inClose;
    /** Why the upload will never be complete, or null. */
    String failed;
    /** Number of segments, once the receipt of the last one told; 0 before. */
    int segmentCount;
    final TreeMap<Integer, Segment> segments = new TreeMap<>();

    FileState(String uploadId) {
        this.uploadId = uploadId;
    }

    public String uploadId() {
        return uploadId;
    }

    public String path() {
        return path;
    }

    public boolean complete() {
        return segmentCount > 0 && segments.size() == segmentCount && segments.lastKey() == segmentCount - 1;
    }

    /** Settled: certified in full, or failed. A declared file that is settled no longer holds a close back. */
    public boolean settled() {
        return failed != null || complete();
    }

    /** Listed in a manifest: declared, certified in full, not failed, and its whole-file SHA-256 known. */
    public boolean listable() {
        return declared && failed == null && complete() && fileSha256() != null;
    }

    public long size() {
        long s = 0;
        for (Segment seg : segments.values()) {
            s += seg.size();
        }
        return s;
    }

    /** The SHA-256 the last chunk claimed (checked by the assembler), or the one segment's for a one-blob file. */
    byte[] fileSha256() {
        if (sha256 != null) {
            return sha256;
        }
        return segmentCount == 1 && segments.containsKey(0) ? segments.get(0).sha256() : null;
    }

    @Override
    public String toString() {
        return uploadId + " (" + path + ", " + segments.size() + "/" + segmentCount + " segments"
                + (failed != null ? ", failed: " + failed : "") + ")";
    }
}
