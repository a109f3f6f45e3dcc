package dev.walrusstream.chain.bls;


import java.util.Base64;

/**
 * A BLS12-381 "min_pk" signature: a G2 point, 96 bytes compressed. Parsing checks the point is on
 * the curve and in the prime-order subgroup.
 */
public final class BlsSignature extends CompressedPoint {
    public static final int LENGTH = 96;

    private BlsSignature(byte[] bytes) {
        super(bytes);
    }

    public static BlsSignature fromBytes(byte[] compressed) {
        if (compressed.length != LENGTH) {
            throw new BlsException("BLS signature must be " + LENGTH + " bytes (compressed G2), got " + compressed.length);
        }
        Bls.engine().checkSignature(compressed);
        return new BlsSignature(compressed.clone());
    }

    /** A signature an engine just computed (already valid). */
    static BlsSignature trusted(byte[] compressed) {
        return new BlsSignature(compressed);
    }

    public static BlsSignature fromBase64(String b64) {
        return fromBytes(Base64.getDecoder().decode(b64));
    }
}
