package dev.walrusstream.sui;

import dev.walrusstream.chain.HexIds;

import java.util.Arrays;

/** A 32-byte Sui account address, written {@code 0x} + 64 hex digits. */
public final class SuiAddress implements Comparable<SuiAddress> {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private SuiAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SuiAddress of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("Sui address must be 32 bytes, got " + bytes.length);
        }
        return new SuiAddress(bytes.clone());
    }

    /** Parses {@code 0x…} (1 to 64 hex digits, short forms are zero-padded on the left). */
    public static SuiAddress parse(String text) {
        return new SuiAddress(HexIds.parsePrefixed(text, "Sui address"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The same 32 bytes viewed as an object ID. */
    public ObjectId asObjectId() {
        return ObjectId.of(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuiAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(SuiAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Canonical form: {@code 0x} + 64 lower-case hex digits. */
    @Override
    public String toString() {
        return HexIds.format(bytes);
    }
}
