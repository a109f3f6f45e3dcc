package dev.walrusstream.chain;

import java.util.Arrays;

/** A Sui-style account address: 32 bytes, written as {@code 0x} and 64 lower-case hex digits. */
public final class Address {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private Address(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Address of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("address must be 32 bytes, got " + bytes.length);
        }
        return new Address(bytes.clone());
    }

    public static Address parse(String text) {
        return new Address(HexIds.parse(text, "address"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexIds.format(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && Arrays.equals(bytes, other.bytes);
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
