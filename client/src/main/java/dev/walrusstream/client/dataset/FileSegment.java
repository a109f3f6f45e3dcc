package dev.walrusstream.client.dataset;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;

/**
 * One blob, or one quilt patch, holding bytes {@code [offset, offset + size)} of its file, with the
 * SHA-256 of those bytes (hex) and the end epoch of its storage when known. {@code encryptedWith} is
 * the key ID when the manifest says the segment's blob (the whole quilt, for a patch) is a client-side
 * encrypted envelope, else null (a reader then tells envelopes apart by their header); {@code size}
 * and {@code sha256} are always those of the plaintext.
 */
public record FileSegment(int index, long offset, long size, String sha256, BlobId blobId, QuiltPatchId quiltPatchId,
                          String objectId, Integer endEpoch, String encryptedWith) {
    public FileSegment {
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("segment " + index + " has offset " + offset + " and size " + size
                    + "; neither may be negative");
        }
        if (blobId == null) {
            throw new IllegalArgumentException("segment " + index + " names no blob");
        }
    }

    /** A segment the manifest says nothing about encryption for. */
    public FileSegment(int index, long offset, long size, String sha256, BlobId blobId, QuiltPatchId quiltPatchId,
                       String objectId, Integer endEpoch) {
        this(index, offset, size, sha256, blobId, quiltPatchId, objectId, endEpoch, null);
    }

    public long end() {
        return offset + size;
    }
}
