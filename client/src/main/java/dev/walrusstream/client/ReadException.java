package dev.walrusstream.client;

import dev.walrusstream.codec.BlobId;

/** A read that could not return the blob, with the reason and the blob ID. */
public final class ReadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a read failed. */
    public enum Reason {
        /** The chain knows no live registration of the blob ID. */
        NOT_FOUND,
        /** The system marked the blob ID invalid. */
        INVALID,
        /** No node returned metadata that verifies against the blob ID. */
        NO_METADATA,
        /** Fewer than n − 2f primary slivers could be fetched and verified. */
        NOT_ENOUGH_SLIVERS,
        /** The slivers decode to data inconsistent with the metadata. */
        INCONSISTENT,
        /** The chain could not be reached. */
        CHAIN_UNAVAILABLE,
        /** The blob is not a QuiltV1 quilt (or not a dataset manifest, for manifest reads). */
        NOT_A_QUILT
    }

    private final transient BlobId blobId;
    private final Reason reason;

    public ReadException(BlobId blobId, Reason reason, String message) {
        super(message);
        this.blobId = blobId;
        this.reason = reason;
    }

    public BlobId blobId() {
        return blobId;
    }

    public Reason reason() {
        return reason;
    }
}
