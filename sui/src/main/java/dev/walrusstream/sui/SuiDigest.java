package dev.walrusstream.sui;

import dev.walrusstream.codec.text.Base58;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte Sui digest (object digest, transaction digest, checkpoint digest), written in Base58.
 * In BCS a digest is a {@code vector<u8>}: {@code 0x20} then the 32 bytes.
 */
public final class SuiDigest {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private SuiDigest(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SuiDigest of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("Sui digest must be 32 bytes, got " + bytes.length);
        }
        return new SuiDigest(bytes.clone());
    }

    public static SuiDigest parse(String base58) {
        if (base58 == null || base58.isBlank()) {
            throw new IllegalArgumentException("Sui digest is missing");
        }
        byte[] raw = Base58.decode(base58.trim());
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("Sui digest '" + base58 + "' decodes to " + raw.length
                    + " bytes, expected 32");
        }
        return new SuiDigest(raw);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuiDigest other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Base58 text form. */
    @Override
    public String toString() {
        return Base58.encode(bytes);
    }
}
