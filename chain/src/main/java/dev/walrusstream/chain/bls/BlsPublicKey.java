package dev.walrusstream.chain.bls;


import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A BLS12-381 "min_pk" public key: a G1 point, 48 bytes compressed (the form fastcrypto and
 * Walrus storage nodes use). Parsing checks the point is on the curve, in the prime-order subgroup
 * and not the identity.
 */
public final class BlsPublicKey extends CompressedPoint {
    public static final int LENGTH = 48;
    /** Length of the uncompressed form (x and y coordinates). */
    public static final int UNCOMPRESSED_LENGTH = 96;

    private BlsPublicKey(byte[] bytes) {
        super(bytes);
    }

    /**
     * Validated keys by their compressed and by their uncompressed bytes: committees are parsed often
     * (on Sui from the uncompressed form), and the subgroup check and the point arithmetic are costly.
     */
    private static final Map<String, BlsPublicKey> VALIDATED = new ConcurrentHashMap<>();
    private static final Map<String, BlsPublicKey> BY_UNCOMPRESSED = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 100_000;

    /** The uncompressed form, computed once per key. */
    private volatile byte[] uncompressed;

    private static BlsPublicKey cached(Map<String, BlsPublicKey> cache, byte[] bytes, Supplier<BlsPublicKey> parse) {
        String cacheKey = Base64.getEncoder().encodeToString(bytes);
        BlsPublicKey known = cache.get(cacheKey);
        if (known != null) {
            return known;
        }
        BlsPublicKey key = parse.get();
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(cacheKey, key);
        return key;
    }

    public static BlsPublicKey fromBytes(byte[] compressed) {
        if (compressed.length != LENGTH) {
            throw new BlsException("BLS public key must be " + LENGTH + " bytes (compressed G1), got " + compressed.length);
        }
        return cached(VALIDATED, compressed, () -> parse(compressed));
    }

    private static BlsPublicKey parse(byte[] compressed) {
        Bls.engine().checkPublicKey(compressed);
        return new BlsPublicKey(compressed.clone());
    }

    /** A key an engine just computed (already valid). */
    static BlsPublicKey trusted(byte[] compressed) {
        return new BlsPublicKey(compressed);
    }

    /**
     * Parses the 96-byte uncompressed form (big-endian x then y, top three bits of the first byte
     * zero), which is how Sui's {@code Element<UncompressedG1>} stores storage nodes' keys on chain.
     */
    public static BlsPublicKey fromUncompressed(byte[] uncompressed) {
        if (uncompressed.length != UNCOMPRESSED_LENGTH) {
            throw new BlsException("uncompressed BLS public key must be " + UNCOMPRESSED_LENGTH + " bytes, got "
                    + uncompressed.length);
        }
        if ((uncompressed[0] & 0xE0) != 0) {
            throw new BlsException("uncompressed BLS public key has flag bits set (compressed, infinity or sign): "
                    + HexFormat.of().formatHex(uncompressed, 0, 1));
        }
        return cached(BY_UNCOMPRESSED, uncompressed, () -> fromBytes(BouncyCastleBls.compressG1(uncompressed)));
    }

    /** Either form a chain may hold: 48 bytes compressed or 96 bytes uncompressed. */
    public static BlsPublicKey fromOnChainBytes(byte[] bytes) {
        return bytes.length == UNCOMPRESSED_LENGTH ? fromUncompressed(bytes) : fromBytes(bytes);
    }

    /** The 96-byte uncompressed form (x ‖ y, big-endian), as Sui's {@code UncompressedG1} holds it. */
    public byte[] uncompressedBytes() {
        byte[] u = uncompressed;
        if (u == null) {
            u = BouncyCastleBls.uncompressG1(raw());
            uncompressed = u;
        }
        return u.clone();
    }

    public static BlsPublicKey fromHex(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
    }

    public static BlsPublicKey fromBase64(String b64) {
        return fromBytes(Base64.getDecoder().decode(b64));
    }
}
