package dev.walrusstream.client.dataset;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;

/**
 * One blob, or one quilt patch, holding bytes {@code [offset, offset + size)} of its file, with the
 * SHA-256 of those bytes (hex) and the end epoch of its storage when known.
 */
public record FileSegment(int index, long offset, long size, String sha256, BlobId blobId, QuiltPatchId quiltPatchId,
                          String objectId, Integer endEpoch) {
    public FileSegment {
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("segment " + index + " has offset " + offset + " and size " + size
                    + "; neither may be negative");
        }
        if (blobId == null) {
            throw new IllegalArgumentException("segment " + index + " names no blob");
        }
    }

    public long end() {
        return offset + size;
    }
}
