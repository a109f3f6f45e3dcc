package dev.walrusstream.codec.bcs;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads BCS values from a byte array. Every read checks bounds and reports the offset of the
 * malformed value, so a bad body names where it went wrong.
 */
public final class BcsReader {
    private final byte[] data;
    private final int end;
    private int position;

    public BcsReader(byte[] data) {
        this(data, 0, data.length);
    }

    public BcsReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    private void require(int count, String what) {
        if (count < 0 || end - position < count) {
            throw new BcsException("truncated " + what + ": needs " + count + " bytes at offset "
                    + position + ", only " + (end - position) + " left");
        }
    }

    public int u8() {
        require(1, "u8");
        return data[position++] & 0xFF;
    }

    public boolean bool() {
        int at = position;
        int value = u8();
        if (value > 1) {
            throw new BcsException("invalid bool " + value + " at offset " + at);
        }
        return value == 1;
    }

    public int u16() {
        require(2, "u16");
        int value = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8;
        position += 2;
        return value;
    }

    public long u32() {
        require(4, "u32");
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (long) (data[position + i] & 0xFF) << (8 * i);
        }
        position += 4;
        return value;
    }

    public long u64() {
        require(8, "u64");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) (data[position + i] & 0xFF) << (8 * i);
        }
        position += 8;
        return value;
    }

    /** ULEB128 as used by BCS for lengths and enum tags: at most 32 bits, canonical form. */
    public int uleb128() {
        int at = position;
        long value = 0;
        int shift = 0;
        while (true) {
            if (position >= end) {
                throw new BcsException("truncated ULEB128 at offset " + at);
            }
            int b = data[position++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new BcsException("non-canonical ULEB128 at offset " + at);
                }
                break;
            }
            shift += 7;
            if (shift > 28) {
                throw new BcsException("ULEB128 longer than 32 bits at offset " + at);
            }
        }
        if (value > Integer.MAX_VALUE) {
            throw new BcsException("ULEB128 value " + value + " too large at offset " + at);
        }
        return (int) value;
    }

    public byte[] fixedBytes(int length) {
        require(length, length + "-byte array");
        byte[] out = java.util.Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** {@code Vec<u8>}: ULEB128 length and bytes. */
    public byte[] bytes() {
        Slice slice = bytesInPlace();
        return java.util.Arrays.copyOfRange(data, slice.offset(), slice.offset() + slice.length());
    }

    /** Where a {@code Vec<u8>} lies in the reader's array: {@code length} bytes from {@code offset}. */
    public record Slice(int offset, int length) {
    }

    /** {@code Vec<u8>} left in place: moves past it and says where its bytes are, copying nothing. */
    public Slice bytesInPlace() {
        int at = position;
        int length = uleb128();
        if (length > remaining()) {
            throw new BcsException("byte vector at offset " + at + " claims " + length
                    + " bytes, only " + remaining() + " left");
        }
        Slice slice = new Slice(position, length);
        position += length;
        return slice;
    }

    public String string() {
        int at = position;
        byte[] raw = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new BcsException("invalid UTF-8 string at offset " + at);
        }
    }

    /** Fails unless every byte was consumed: BCS values have exactly one encoding. */
    public void expectEnd(String what) {
        if (position != end) {
            throw new BcsException(what + " has " + (end - position) + " trailing bytes at offset " + position);
        }
    }
}
