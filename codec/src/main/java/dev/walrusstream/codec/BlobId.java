package dev.walrusstream.codec;

import dev.walrusstream.codec.hash.Blake2b256;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A Walrus blob ID: Blake2b-256(0x01 || u64_le(size) || root_hash), 32 bytes. Its text form is
 * base64url without padding (43 characters); on Sui it is a u256 read little-endian.
 */
public final class BlobId implements Comparable<BlobId> {
    public static final int LENGTH = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final byte[] bytes;

    private BlobId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static BlobId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("blob ID must be 32 bytes, got " + bytes.length);
        }
        return new BlobId(bytes.clone());
    }

    /** Parses the base64url text form (with or without padding). */
    public static BlobId parse(String text) {
        String t = text.trim();
        byte[] raw;
        try {
            raw = B64_DECODER.decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64url blob ID: '" + text + "'", e);
        }
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("blob ID '" + text + "' decodes to " + raw.length + " bytes, expected 32");
        }
        return new BlobId(raw);
    }

    public static BlobId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
    }

    /** The blob ID for an RS2 blob: Blake2b-256 over the BCS of {@code BlobIdDerivation}. */
    public static BlobId derive(int encodingType, long unencodedLength, byte[] rootHash) {
        if (rootHash.length != LENGTH) {
            throw new IllegalArgumentException("root hash must be 32 bytes, got " + rootHash.length);
        }
        Blake2b256 h = new Blake2b256();
        h.update((byte) encodingType);
        for (int i = 0; i < 8; i++) {
            h.update((byte) (unencodedLength >>> (8 * i)));
        }
        h.update(rootHash);
        return new BlobId(h.finish());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64Url() {
        return B64.encodeToString(bytes);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The value Sui's {@code u256} argument holds: the bytes read little-endian. */
    public BigInteger u256() {
        byte[] reversed = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            reversed[i] = bytes[LENGTH - 1 - i];
        }
        return new BigInteger(1, reversed);
    }

    public static BlobId fromU256(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("not a u256: " + value);
        }
        byte[] be = value.toByteArray();
        byte[] le = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return new BlobId(le);
    }

    /** (blob ID as a big-endian integer) mod n: how far sliver pairs are rotated onto shards. */
    public int rotationOffset(int nShards) {
        int acc = 0;
        for (byte b : bytes) {
            acc = (int) (((long) acc * 256 + (b & 0xFF)) % nShards);
        }
        return acc;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(BlobId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return base64Url();
    }
}
