package dev.walrusstream.codec.hash;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * BLAKE2b with a 32-byte output (the parameterised digest, not a truncation of BLAKE2b-512),
 * the hash Walrus uses for Merkle trees and blob IDs.
 *
 * <p>Instances are not thread-safe; use one per thread. The static helpers allocate a fresh digest.
 */
public final class Blake2b256 {
    public static final int DIGEST_LENGTH = 32;

    private final Blake2bDigest digest = new Blake2bDigest(256);

    public Blake2b256 update(byte b) {
        digest.update(b);
        return this;
    }

    public Blake2b256 update(byte[] data) {
        digest.update(data, 0, data.length);
        return this;
    }

    public Blake2b256 update(byte[] data, int offset, int length) {
        digest.update(data, offset, length);
        return this;
    }

    /** Writes the digest to {@code out[offset..offset+32)} and resets this instance. */
    public void finish(byte[] out, int offset) {
        digest.doFinal(out, offset);
    }

    public byte[] finish() {
        byte[] out = new byte[DIGEST_LENGTH];
        finish(out, 0);
        return out;
    }

    public static byte[] hash(byte[] data) {
        return new Blake2b256().update(data).finish();
    }
}
