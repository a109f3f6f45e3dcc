package dev.walrusstream.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A data key wrapped by a key-encryption key: which key ({@code keyId}), how ({@code algorithm},
 * one of the {@code EnvelopeHeader.WRAP_*} codes) and the wrapped bytes. Not secret: it travels in
 * the envelope header, the receipt and the manifest.
 */
public record WrappedKey(String keyId, int algorithm, byte[] bytes) {
    public WrappedKey {
        if (keyId == null || keyId.isEmpty() || keyId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw new IllegalArgumentException("key ID must be 1..1024 UTF-8 bytes, got '" + keyId + "'");
        }
        if (algorithm < 0 || algorithm > 255) {
            throw new IllegalArgumentException("wrap algorithm code must fit a byte, got " + algorithm);
        }
        if (bytes == null || bytes.length == 0 || bytes.length > 65_535) {
            throw new IllegalArgumentException("wrapped key must be 1..65535 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKey w && w.keyId.equals(keyId) && w.algorithm == algorithm
                && Arrays.equals(w.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WrappedKey[" + keyId + ", alg " + algorithm + ", " + HexFormat.of().formatHex(bytes) + "]";
    }
}
