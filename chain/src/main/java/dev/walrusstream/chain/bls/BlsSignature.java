package dev.walrusstream.chain.bls;


import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A BLS12-381 "min_pk" signature: a G2 point, 96 bytes compressed. Parsing checks the point is on
 * the curve and in the prime-order subgroup.
 */
public final class BlsSignature {
    public static final int LENGTH = 96;

    private final byte[] bytes;

    private BlsSignature(byte[] bytes) {
        this.bytes = bytes;
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

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for the engines. */
    byte[] raw() {
        return bytes;
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlsSignature s && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "BlsSignature[" + hex() + "]";
    }
}
