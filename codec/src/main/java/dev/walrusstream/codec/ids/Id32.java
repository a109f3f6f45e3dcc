package dev.walrusstream.codec.ids;

import java.util.Arrays;

/**
 * A 32-byte Sui-style identifier (an address or an object ID), written {@code 0x} and 64 lower-case
 * hex digits ({@link HexIds}). Identifiers of different kinds are never equal, even with equal bytes.
 */
public abstract class Id32 {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    /** @param bytes owned by this identifier from now on (callers pass a copy) */
    protected Id32(byte[] bytes, String what) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + bytes.length);
        }
        this.bytes = bytes;
    }

    public final byte[] bytes() {
        return bytes.clone();
    }

    /** {@code 0x} and 64 lower-case hex digits. */
    public final String hex() {
        return HexIds.format(bytes);
    }

    /** Unsigned byte order, as Sui sorts identifiers. */
    protected final int compareBytes(Id32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Id32) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public final String toString() {
        return hex();
    }
}
