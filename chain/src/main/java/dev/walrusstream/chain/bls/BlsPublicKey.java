package dev.walrusstream.chain.bls;


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

    private BlsPublicKey(byte[] bytes) {
        this.bytes = bytes;
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
        Bls.engine().checkPublicKey(compressed);
        return new BlsPublicKey(compressed.clone());
    }

    /** A key an engine just computed (already valid). */
    static BlsPublicKey trusted(byte[] compressed) {
        return new BlsPublicKey(compressed);
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
