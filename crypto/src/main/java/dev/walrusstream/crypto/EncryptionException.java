package dev.walrusstream.crypto;

import java.io.IOException;

/**
 * Why an envelope could not be opened. Always one of the subclasses: the key is missing or wrong
 * ({@link KeyRefused}), the ciphertext was changed, cut, reordered or spliced ({@link Tampered}), or
 * the bytes are not an envelope this version reads ({@link BadFormat}). An {@link IOException} so
 * streams can throw it; no plaintext is ever released from a chunk that failed.
 */
public abstract sealed class EncryptionException extends IOException
        permits EncryptionException.KeyRefused, EncryptionException.Tampered, EncryptionException.BadFormat {

    private EncryptionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No key for {@link #keyId()}, or the key given is not the one the data key was wrapped with. */
    public static final class KeyRefused extends EncryptionException {
        private final String keyId;

        public KeyRefused(String keyId, String message, Throwable cause) {
            super(message, cause);
            this.keyId = keyId;
        }

        /** The key ID the envelope names. */
        public String keyId() {
            return keyId;
        }
    }

    /** A chunk failed authentication: the ciphertext or the header was altered, truncated, extended or reordered. */
    public static final class Tampered extends EncryptionException {
        private final long chunk;

        public Tampered(long chunk, String message, Throwable cause) {
            super(message, cause);
            this.chunk = chunk;
        }

        /** The 0-based chunk that failed (-1 when the envelope's length itself is impossible). */
        public long chunk() {
            return chunk;
        }
    }

    /** Not an envelope: wrong magic, unknown version or suite, or a header cut short. */
    public static final class BadFormat extends EncryptionException {
        public BadFormat(String message) {
            super(message, null);
        }
    }
}
