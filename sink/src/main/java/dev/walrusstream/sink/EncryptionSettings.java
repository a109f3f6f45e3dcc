package dev.walrusstream.sink;

import dev.walrusstream.crypto.EnvelopeHeader;

import java.io.Serializable;

/**
 * Client-side encryption in the sink (docs/encryption.md): where each task manager finds the
 * key-encryption key ({@code keySource}, a {@code KeySources} spec such as {@code file:/etc/ws/kek}
 * or {@code env:WS_KEK}; the spec travels, never the key) and the plaintext chunk size.
 */
public record EncryptionSettings(String keySource, int chunkSizeLog2) implements Serializable {
    public EncryptionSettings {
        if (keySource == null || keySource.isBlank()) {
            throw new IllegalArgumentException("encryption.key-source is empty; give file:PATH, env:NAME, "
                    + "pkcs12:PATH?password-env=VAR or kms:NAME");
        }
        if (chunkSizeLog2 < EnvelopeHeader.MIN_CHUNK_LOG2 || chunkSizeLog2 > EnvelopeHeader.MAX_CHUNK_LOG2) {
            throw new IllegalArgumentException("encryption.chunk-size must be a power of two between 1KiB and 16MiB, "
                    + "got 2^" + chunkSizeLog2);
        }
    }

    /** From a chunk size in bytes (a power of two). */
    public static EncryptionSettings of(String keySource, long chunkSize) {
        if (chunkSize <= 0 || Long.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("encryption.chunk-size must be a power of two, got " + chunkSize);
        }
        return new EncryptionSettings(keySource, Long.numberOfTrailingZeros(chunkSize));
    }
}
