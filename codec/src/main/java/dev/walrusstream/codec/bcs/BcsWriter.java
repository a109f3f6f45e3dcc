package dev.walrusstream.codec.bcs;

import java.io.ByteArrayOutputStream;

/** Writes Binary Canonical Serialization (BCS) values: little-endian integers, ULEB128 lengths. */
public final class BcsWriter {
    private final ByteArrayOutputStream out;

    public BcsWriter() {
        this(64);
    }

    public BcsWriter(int initialCapacity) {
        out = new ByteArrayOutputStream(initialCapacity);
    }

    public BcsWriter u8(int value) {
        out.write(value);
        return this;
    }

    public BcsWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public BcsWriter u16(int value) {
        out.write(value);
        out.write(value >>> 8);
        return this;
    }

    public BcsWriter u32(long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public BcsWriter u64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public BcsWriter uleb128(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("ULEB128 length must not be negative: " + value);
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    /** Raw bytes, no length prefix (fixed-size arrays such as 32-byte hashes). */
    public BcsWriter fixedBytes(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public BcsWriter fixedBytes(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
        return this;
    }

    /** {@code Vec<u8>}: ULEB128 length then the bytes. */
    public BcsWriter bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    public BcsWriter bytes(byte[] bytes, int offset, int length) {
        uleb128(length);
        out.write(bytes, offset, length);
        return this;
    }

    /** {@code String}: ULEB128 byte length then UTF-8. */
    public BcsWriter string(String value) {
        return bytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Number of bytes {@link #uleb128(long)} writes for {@code value}. */
    public static int uleb128Length(long value) {
        int length = 1;
        while (value >= 0x80) {
            value >>>= 7;
            length++;
        }
        return length;
    }
}
