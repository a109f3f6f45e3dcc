package dev.walrusstream.crypto;

/**
 * Where key-encryption keys live: a key file, a PKCS#12 keystore, an environment variable or a
 * KMS. It wraps each upload's fresh data key for the key named {@link #keyId()} and unwraps data
 * keys wrapped earlier. The key-encryption key itself never leaves the source. Implementations
 * must be thread-safe. Open one with {@link KeySources#open(String)}.
 */
public interface KeySource {

    /** The key new uploads are wrapped with. */
    String keyId();

    /** Wraps a 32-byte data key for {@link #keyId()}. */
    WrappedKey wrap(byte[] dataKey) throws EncryptionException;

    /**
     * Unwraps a data key. Throws {@link EncryptionException.KeyRefused} naming {@code wrapped.keyId()}
     * when this source has no such key, or the key it has does not unwrap it.
     */
    byte[] unwrap(WrappedKey wrapped) throws EncryptionException;

    /**
     * A secret derived one-way from the current key, for deterministic per-blob data keys
     * ({@link Envelope#derived}): a pipeline that replays a blob after a failure must produce the same
     * envelope, hence the same blob ID. Empty when the source cannot offer one (a KMS that never
     * releases key material); such sources get random data keys.
     */
    default java.util.Optional<byte[]> derivationSecret() {
        return java.util.Optional.empty();
    }
}
