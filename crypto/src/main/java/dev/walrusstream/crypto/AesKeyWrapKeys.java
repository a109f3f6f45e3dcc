package dev.walrusstream.crypto;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key-encryption keys held in this process (from a key file, a keystore or an environment
 * variable), wrapping with AES key wrap (RFC 3394, the JDK's {@code AESWrap}: 32-byte data key →
 * 40 bytes, integrity-checked on unwrap). Several keys may be held for unwrapping (rotation); new
 * uploads use the current one.
 */
public final class AesKeyWrapKeys implements KeySource {
    private final String current;
    private final Map<String, SecretKey> keys;
    private final String origin;

    /** {@code keys} by key ID; {@code current} must be one of them; {@code origin} names where they came from. */
    public AesKeyWrapKeys(String current, Map<String, SecretKey> keys, String origin) {
        if (keys == null || !keys.containsKey(current)) {
            throw new IllegalArgumentException("current key ID '" + current + "' is not among the keys of " + origin
                    + (keys == null ? "" : " " + keys.keySet()));
        }
        for (Map.Entry<String, SecretKey> e : keys.entrySet()) {
            int length = e.getValue().getEncoded() == null ? -1 : e.getValue().getEncoded().length;
            if (length != 16 && length != 24 && length != 32) {
                throw new IllegalArgumentException("key '" + e.getKey() + "' of " + origin + " is " + length
                        + " bytes; an AES key-encryption key is 16, 24 or 32 bytes (32 recommended)");
            }
        }
        this.current = current;
        this.keys = new LinkedHashMap<>(keys);
        this.origin = origin;
    }

    /** One raw key, named by its fingerprint ({@link #fingerprint(byte[])}). */
    public static AesKeyWrapKeys of(byte[] kek, String origin) {
        String id = fingerprint(kek);
        return new AesKeyWrapKeys(id, Map.of(id, new SecretKeySpec(kek, "AES")), origin);
    }

    /**
     * The key ID of a raw key: {@code kek-} and the first 8 bytes of
     * SHA-256("walrus-stream/kek-id/v1" || key) in hex. It names the key without revealing it.
     */
    public static String fingerprint(byte[] kek) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("walrus-stream/kek-id/v1".getBytes(StandardCharsets.US_ASCII));
            sha.update(kek);
            return "kek-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public String keyId() {
        return current;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, keys.get(current));
            return new WrappedKey(current, EnvelopeHeader.WRAP_AES_KW, c.wrap(new SecretKeySpec(dataKey, "AES")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap with key '" + current + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) throws EncryptionException {
        SecretKey kek = keys.get(wrapped.keyId());
        if (kek == null) {
            throw new EncryptionException.KeyRefused(wrapped.keyId(), "the blob is encrypted with key ID '"
                    + wrapped.keyId() + "', which " + origin + " does not hold (it holds " + keys.keySet() + ")", null);
        }
        if (wrapped.algorithm() != EnvelopeHeader.WRAP_AES_KW) {
            throw new EncryptionException.KeyRefused(wrapped.keyId(), "the data key for key ID '" + wrapped.keyId()
                    + "' was wrapped with algorithm " + wrapped.algorithm() + " (a KMS's), not AES key wrap; open it "
                    + "with that KMS", null);
        }
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, kek);
            return c.unwrap(wrapped.bytes(), "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (InvalidKeyException e) {
            throw new EncryptionException.KeyRefused(wrapped.keyId(), "the key " + origin + " gives for key ID '"
                    + wrapped.keyId() + "' does not unwrap the blob's data key: wrong key, or the wrapped key was "
                    + "altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key unwrap failed: " + e.getMessage(), e);
        }
    }

    /** HMAC-SHA256(current key, "walrus-stream/dek-derivation/v1"): reveals nothing of the key. */
    @Override
    public java.util.Optional<byte[]> derivationSecret() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.get(current).getEncoded(), "HmacSHA256"));
            return java.util.Optional.of(mac.doFinal("walrus-stream/dek-derivation/v1".getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AesKeyWrapKeys[" + origin + ", current " + current + ", " + keys.size() + " key(s)]";
    }
}
