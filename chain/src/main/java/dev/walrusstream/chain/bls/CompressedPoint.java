package dev.walrusstream.chain.bls;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The bytes of a validated, compressed BLS12-381 point (a public key or a signature): copies out,
 * hex and base64 forms, equality by kind and bytes.
 */
public abstract class CompressedPoint {
    private final byte[] bytes;

    /** @param bytes owned from now on (callers pass a copy or bytes an engine just made) */
    CompressedPoint(byte[] bytes) {
        this.bytes = bytes;
    }

    public final byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for the engines. */
    final byte[] raw() {
        return bytes;
    }

    public final String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public final String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((CompressedPoint) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + hex() + "]";
    }
}
