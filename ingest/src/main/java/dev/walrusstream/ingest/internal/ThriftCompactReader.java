package dev.walrusstream.ingest.internal;

import dev.walrusstream.ingest.format.ParquetFormatException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Just enough of the Thrift compact protocol to walk a Parquet footer: field headers with delta ids, zig-zag
 * varints, binaries, lists, sets, maps and nested structs, skipping whatever is not asked for. Bounds-checked:
 * every length is checked against the remaining bytes, nesting is limited.
 */
public final class ThriftCompactReader {
    public static final int BOOL_TRUE = 1;
    public static final int BOOL_FALSE = 2;
    public static final int BYTE = 3;
    public static final int I16 = 4;
    public static final int I32 = 5;
    public static final int I64 = 6;
    public static final int DOUBLE = 7;
    public static final int BINARY = 8;
    public static final int LIST = 9;
    public static final int SET = 10;
    public static final int MAP = 11;
    public static final int STRUCT = 12;
    private static final int MAX_DEPTH = 64;

    /** A field header: id and compact type. */
    public record Field(int id, int type) {
    }

    private final byte[] buf;
    private int pos;
    private final Deque<Integer> lastIds = new ArrayDeque<>();
    private int lastId;

    public ThriftCompactReader(byte[] buf) {
        this.buf = buf;
    }

    public void beginStruct() {
        if (lastIds.size() >= MAX_DEPTH) {
            throw fail("structs nested deeper than " + MAX_DEPTH);
        }
        lastIds.push(lastId);
        lastId = 0;
    }

    public void endStruct() {
        lastId = lastIds.pop();
    }

    /** The next field header, or null at the struct's STOP. */
    public Field readFieldHeader() {
        int b = readByte() & 0xff;
        if (b == 0) {
            return null;
        }
        int type = b & 0x0f;
        int delta = b >>> 4;
        int id = delta == 0 ? (short) zigzag(readVarint()) : lastId + delta;
        lastId = id;
        return new Field(id, type);
    }

    public void expect(Field f, int type) {
        if (f.type() != type) {
            throw fail("field " + f.id() + " has compact type " + f.type() + ", expected " + type);
        }
    }

    /** The element count of a list or set whose elements must have type {@code elementType}. */
    public int readListHeader(int elementType) {
        int b = readByte() & 0xff;
        int size = b >>> 4;
        if (size == 15) {
            size = checkedCount(readVarint());
        }
        if ((b & 0x0f) != elementType) {
            throw fail("list of compact type " + (b & 0x0f) + ", expected " + elementType);
        }
        return size;
    }

    public long readI64() {
        return zigzag(readVarint());
    }

    public String readString() {
        int n = checkedCount(readVarint());
        if (n > buf.length - pos) {
            throw fail("string of " + n + " bytes, only " + (buf.length - pos) + " left");
        }
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Skips one value of compact type {@code type}. */
    public void skip(int type) {
        skip(type, 0);
    }

    private void skip(int type, int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("values nested deeper than " + MAX_DEPTH);
        }
        switch (type) {
            case BOOL_TRUE, BOOL_FALSE -> {
                // in a field header the value is the type itself
            }
            case BYTE -> advance(1);
            case I16, I32, I64 -> readVarint();
            case DOUBLE -> advance(8);
            case BINARY -> advance(checkedCount(readVarint()));
            case LIST, SET -> {
                int b = readByte() & 0xff;
                int size = b >>> 4;
                if (size == 15) {
                    size = checkedCount(readVarint());
                }
                int elem = b & 0x0f;
                for (int i = 0; i < size; i++) {
                    skipElement(elem, depth + 1);
                }
            }
            case MAP -> {
                int size = checkedCount(readVarint());
                if (size > 0) {
                    int kv = readByte() & 0xff;
                    for (int i = 0; i < size; i++) {
                        skipElement(kv >>> 4, depth + 1);
                        skipElement(kv & 0x0f, depth + 1);
                    }
                }
            }
            case STRUCT -> {
                beginStruct();
                Field f;
                while ((f = readFieldHeader()) != null) {
                    skip(f.type(), depth + 1);
                }
                endStruct();
            }
            default -> throw fail("unknown compact type " + type);
        }
    }

    /** Booleans inside containers take one byte, unlike in field headers. */
    private void skipElement(int type, int depth) {
        if (type == BOOL_TRUE || type == BOOL_FALSE) {
            advance(1);
        } else {
            skip(type, depth);
        }
    }

    private long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte() & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw fail("varint longer than 10 bytes");
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private int checkedCount(long n) {
        if (n < 0 || n > buf.length - pos) {
            throw fail("length or count " + n + " exceeds the " + (buf.length - pos) + " bytes left");
        }
        return (int) n;
    }

    private byte readByte() {
        if (pos >= buf.length) {
            throw fail("unexpected end of footer");
        }
        return buf[pos++];
    }

    private void advance(int n) {
        if (n > buf.length - pos) {
            throw fail("needs " + n + " bytes, only " + (buf.length - pos) + " left");
        }
        pos += n;
    }

    private ParquetFormatException fail(String what) {
        return new ParquetFormatException(what + " (at footer byte " + pos + " of " + buf.length + ")");
    }
}
