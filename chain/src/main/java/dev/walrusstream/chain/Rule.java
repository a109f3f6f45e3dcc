package dev.walrusstream.chain;

/**
 * The Walrus system rules a chain enforces; each refusal names one. The Move abort each one
 * corresponds to is given where there is one.
 */
public enum Rule {
    /** {@code epochs_ahead} must be in 1..max_epochs_ahead ({@code EInvalidEpochsAhead}). */
    INVALID_EPOCHS_AHEAD,
    /** Reserved storage would exceed the system's capacity ({@code EStorageExceeded}). */
    STORAGE_EXCEEDED,
    /** The paying account holds too little WAL. */
    INSUFFICIENT_BALANCE,
    /** The storage resource does not cover the current epoch, or the blob has expired ({@code EResourceBounds}). */
    RESOURCE_BOUNDS,
    /** The blob's encoded length exceeds the storage resource's size ({@code EResourceSize}). */
    RESOURCE_SIZE,
    /** The blob ID is not the one derived from root hash, size and encoding type ({@code EInvalidBlobId}). */
    INVALID_BLOB_ID,
    /** Only RS2 (encoding type 1) is supported. */
    UNSUPPORTED_ENCODING_TYPE,
    /** The blob is already certified ({@code EAlreadyCertified}). */
    ALREADY_CERTIFIED,
    /** The operation needs a certified blob ({@code ENotCertified}). */
    NOT_CERTIFIED,
    /** Only deletable blobs can be deleted ({@code EBlobNotDeletable}). */
    BLOB_NOT_DELETABLE,
    /** The signers bitmap is too long or sets bits beyond the committee ({@code EInvalidBitmap}). */
    INVALID_BITMAP,
    /** The signers hold fewer shards than a quorum, 3w ≥ 2n + 1 ({@code ENotEnoughStake}). */
    NOT_ENOUGH_WEIGHT,
    /** The aggregate signature does not verify ({@code ESigVerification}). */
    SIGNATURE_INVALID,
    /** The signed message is malformed: intent, version, app ID or body ({@code EIncorrectIntentVersion} etc.). */
    INVALID_MESSAGE,
    /** The certificate's epoch is not the current epoch ({@code EIncorrectEpoch} / {@code EInvalidIdEpoch}). */
    EPOCH_MISMATCH,
    /** The certificate certifies another blob ID ({@code EInvalidBlobId}). */
    BLOB_ID_MISMATCH,
    /** Permanent vs deletable differs between the certificate and the blob ({@code EInvalidBlobPersistenceType}). */
    PERSISTENCE_TYPE_MISMATCH,
    /** A deletable certificate names another blob object ({@code EInvalidBlobObject}). */
    OBJECT_ID_MISMATCH,
    /** The object does not exist (or was deleted). */
    OBJECT_NOT_FOUND,
    /** The object belongs to another account. */
    NOT_OWNER,
    /** The operation needs a paying account and the chain client has none. */
    NO_ACCOUNT,
    /**
     * The epoch cannot change while the previous change is still syncing shards, or a node reported a
     * sync for an epoch that is not the one changing ({@code EWrongEpochState} / {@code EInvalidSyncEpoch}).
     */
    EPOCH_CHANGE_IN_PROGRESS,
    /** The storage node is not registered, or not in the committee the operation needs ({@code ENotInCommittee}). */
    NOT_IN_COMMITTEE,
    /** An argument is malformed (wrong length, negative, unknown epoch). */
    INVALID_ARGUMENT,
    /**
     * Sui refused the transaction before executing it because an owned object input (a coin, a
     * blob object) is not at its current version: another transaction used it meanwhile.
     */
    STALE_OBJECT_VERSION,
    /** Too little SUI to pay for gas, or the gas budget does not cover the transaction. */
    INSUFFICIENT_GAS,
    /** Sui refused the transaction before executing it for another reason (signature, inputs, limits). */
    TRANSACTION_REJECTED,
    /** The transaction executed and failed in a way no Walrus rule describes (the message carries Sui's reason). */
    EXECUTION_FAILED,
}
