package dev.walrusstream.sui;

import dev.walrusstream.chain.HexIds;

import java.util.Arrays;

/** A 32-byte Sui object ID (also the ID of a Move package), written {@code 0x} + 64 hex digits. */
public final class ObjectId implements Comparable<ObjectId> {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private ObjectId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ObjectId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("object ID must be 32 bytes, got " + bytes.length);
        }
        return new ObjectId(bytes.clone());
    }

    /** Parses {@code 0x…} (1 to 64 hex digits, short forms are zero-padded on the left). */
    public static ObjectId parse(String text) {
        return new ObjectId(HexIds.parsePrefixed(text, "object ID"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The same 32 bytes viewed as an address (objects can own objects). */
    public SuiAddress asAddress() {
        return SuiAddress.of(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ObjectId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Canonical form: {@code 0x} + 64 lower-case hex digits. */
    @Override
    public String toString() {
        return HexIds.format(bytes);
    }
}
