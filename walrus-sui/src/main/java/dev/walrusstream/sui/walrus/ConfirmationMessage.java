package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.sui.ObjectId;

/**
 * The message storage nodes sign to confirm a blob and that {@code certify_blob} checks:
 * intent {@code [1, 0, 3]} ‖ epoch u32 LE ‖ blob ID (32 bytes) ‖ persistence: {@code 0x00}
 * (permanent, 40 bytes in all) or {@code 0x01} ‖ object ID (deletable, 72 bytes).
 */
public final class ConfirmationMessage {
    /** Intent type BLOB_CERT_MSG, version 0, app id storage. */
    private static final byte[] INTENT = {1, 0, 3};

    private ConfirmationMessage() {
    }

    public static byte[] permanent(long epoch, BlobId blobId) {
        return header(epoch, blobId).u8(0).toByteArray();
    }

    public static byte[] deletable(long epoch, BlobId blobId, ObjectId blobObjectId) {
        return header(epoch, blobId).u8(1).fixedBytes(blobObjectId.bytes()).toByteArray();
    }

    private static BcsWriter header(long epoch, BlobId blobId) {
        if (epoch < 0 || epoch > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside u32 range");
        }
        return new BcsWriter(72).fixedBytes(INTENT).u32(epoch).fixedBytes(blobId.bytes());
    }
}
