package dev.walrusstream.chain.bls;

import org.bouncycastle.crypto.bls.BLS12_381BasicScheme;
import org.bouncycastle.crypto.bls.BLS12_381Serialization;
import org.bouncycastle.math.ec.ECPoint;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A BLS12-381 "min_pk" public key: a G1 point, 48 bytes compressed (the form fastcrypto and
 * Walrus storage nodes use). Parsing checks the point is on the curve, in the prime-order subgroup
 * and not the identity.
 */
public final class BlsPublicKey {
    public static final int LENGTH = 48;

    private final byte[] bytes;
    private final ECPoint point;

    private BlsPublicKey(byte[] bytes, ECPoint point) {
        this.bytes = bytes;
        this.point = point;
    }

    /** Validated keys by their bytes: committees are parsed often and the subgroup check is costly. */
    private static final Map<String, BlsPublicKey> VALIDATED = new ConcurrentHashMap<>();

    public static BlsPublicKey fromBytes(byte[] compressed) {
        String cacheKey = compressed.length == LENGTH ? Base64.getEncoder().encodeToString(compressed) : null;
        BlsPublicKey known = cacheKey == null ? null : VALIDATED.get(cacheKey);
        if (known != null) {
            return known;
        }
        BlsPublicKey key = parse(compressed);
        if (VALIDATED.size() > 100_000) {
            VALIDATED.clear();
        }
        VALIDATED.put(cacheKey, key);
        return key;
    }

    private static BlsPublicKey parse(byte[] compressed) {
        if (compressed.length != LENGTH) {
            throw new BlsException("BLS public key must be " + LENGTH + " bytes (compressed G1), got " + compressed.length);
        }
        ECPoint p;
        try {
            p = BLS12_381Serialization.decompressG1(compressed, Curves.G1);
        } catch (RuntimeException e) {
            throw new BlsException("not a compressed G1 point: " + HexFormat.of().formatHex(compressed), e);
        }
        if (!BLS12_381BasicScheme.keyValidate(p)) {
            throw new BlsException("BLS public key " + HexFormat.of().formatHex(compressed)
                    + " is the identity or outside the G1 subgroup");
        }
        return new BlsPublicKey(compressed.clone(), p);
    }

    static BlsPublicKey fromPoint(ECPoint p) {
        ECPoint n = p.normalize();
        return new BlsPublicKey(BLS12_381Serialization.compressG1(n), n);
    }

    public static BlsPublicKey fromHex(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
    }

    public static BlsPublicKey fromBase64(String b64) {
        return fromBytes(Base64.getDecoder().decode(b64));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    ECPoint point() {
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
        return o instanceof BlsPublicKey k && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "BlsPublicKey[" + hex() + "]";
    }
}
