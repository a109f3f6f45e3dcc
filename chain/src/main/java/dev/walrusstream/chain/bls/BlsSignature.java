package dev.walrusstream.chain.bls;

import org.bouncycastle.crypto.bls.BLS12_381G2Point;
import org.bouncycastle.crypto.bls.BLS12_381Serialization;
import org.bouncycastle.crypto.bls.BLS12_381SubgroupCheck;

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
    private final BLS12_381G2Point point;

    private BlsSignature(byte[] bytes, BLS12_381G2Point point) {
        this.bytes = bytes;
        this.point = point;
    }

    public static BlsSignature fromBytes(byte[] compressed) {
        if (compressed.length != LENGTH) {
            throw new BlsException("BLS signature must be " + LENGTH + " bytes (compressed G2), got " + compressed.length);
        }
        BLS12_381G2Point p;
        try {
            p = BLS12_381Serialization.decompressG2(compressed);
        } catch (RuntimeException e) {
            throw new BlsException("not a compressed G2 point: " + HexFormat.of().formatHex(compressed), e);
        }
        if (!p.isInfinity() && !BLS12_381SubgroupCheck.isInG2Subgroup(p)) {
            throw new BlsException("BLS signature " + HexFormat.of().formatHex(compressed) + " is outside the G2 subgroup");
        }
        return new BlsSignature(compressed.clone(), p);
    }

    static BlsSignature fromPoint(BLS12_381G2Point p) {
        return new BlsSignature(BLS12_381Serialization.compressG2(p), p);
    }

    public static BlsSignature fromBase64(String b64) {
        return fromBytes(Base64.getDecoder().decode(b64));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    BLS12_381G2Point point() {
        return point;
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
