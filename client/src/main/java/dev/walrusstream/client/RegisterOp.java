package dev.walrusstream.client;

/** How the blob object behind a store came about (Walrus's {@code RegisterBlobOp}). */
public sealed interface RegisterOp {
    long encodedLength();

    /** Storage reserved and the blob registered in this store. */
    record RegisterFromScratch(long encodedLength, int epochsAhead) implements RegisterOp {
    }

    /** An uncertified registration owned by this account was reused (nothing paid). */
    record ReuseRegistration(long encodedLength) implements RegisterOp {
    }

    /** A certified blob owned by this account was extended to the requested end epoch. */
    record ReuseAndExtend(long encodedLength, int epochsExtended) implements RegisterOp {
    }
}
