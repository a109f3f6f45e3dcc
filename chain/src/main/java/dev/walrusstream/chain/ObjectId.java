package dev.walrusstream.chain;

import java.util.Arrays;

/** A Sui-style object ID: 32 bytes, written as {@code 0x} and 64 lower-case hex digits. */
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

    /** Parses {@code 0x}-prefixed (or bare) hex; shorter forms are left-padded with zeros, as Sui does. */
    public static ObjectId parse(String text) {
        return new ObjectId(HexIds.parse(text, "object ID"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexIds.format(bytes);
    }

    @Override
    public int compareTo(ObjectId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
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
    public String toString() {
        return hex();
    }
}
