package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuffParams;

import java.util.Objects;

/**
 * What {@code reserve_space} + {@code register_blob} need. {@code encodedSize} (the storage to
 * reserve, for the committee's shard count) and {@code unencodedSize} (the blob's length) are
 * different numbers; the blob ID must be the one the contract derives from root hash, encoding
 * type and size, which is checked here before anything is paid.
 */
public record BlobRegistration(BlobId blobId, byte[] rootHash, long unencodedSize, long encodedSize,
                               int encodingType, int epochsAhead, boolean deletable) {
    public BlobRegistration {
        Objects.requireNonNull(blobId, "blobId");
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("root hash must be 32 bytes, got " + rootHash.length);
        }
        rootHash = rootHash.clone();
        if (unencodedSize < 0) {
            throw new IllegalArgumentException("unencoded size must not be negative: " + unencodedSize);
        }
        if (encodedSize <= 0) {
            throw new IllegalArgumentException("encoded size must be positive: " + encodedSize);
        }
        if (encodingType < 0 || encodingType > 255) {
            throw new IllegalArgumentException("encoding type " + encodingType + " is outside u8 range");
        }
        if (epochsAhead < 1) {
            throw new IllegalArgumentException("epochs ahead must be at least 1, got " + epochsAhead);
        }
        BlobId derived = BlobId.derive(encodingType, unencodedSize, rootHash);
        if (!derived.equals(blobId)) {
            throw new IllegalArgumentException("blob ID " + blobId + " does not match root hash, encoding type "
                    + encodingType + " and size " + unencodedSize + " (they give " + derived + ")");
        }
    }

    /** From a blob's metadata; the encoded size follows from its shard count. */
    public static BlobRegistration of(BlobMetadata metadata, int epochsAhead, boolean deletable) {
        RedStuffParams params = metadata.params();
        return new BlobRegistration(metadata.blobId(), metadata.rootHash(), metadata.unencodedLength(),
                params.encodedLength(metadata.unencodedLength()), metadata.encodingType(), epochsAhead, deletable);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }
}
