package dev.walrusstream.codec;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.util.Arrays;

/**
 * One sliver: {@code index} is its sliver index (not the pair index), {@code data} its symbols back
 * to back. The wire form is BCS {@code SliverData}: ULEB128 length, symbols, u16 symbol size, u16
 * index; the type travels in the URL. The data array is owned by the sliver; do not modify it.
 */
public record Sliver(SliverType type, int index, int symbolSize, byte[] data) {

    public Sliver {
        if (type == null) {
            throw new IllegalArgumentException("sliver type is required");
        }
        if (index < 0 || index > 0xFFFF) {
            throw new CodecException.InvalidSliver("sliver index " + index + " does not fit in u16");
        }
        if (symbolSize <= 0 || symbolSize > RedStuffParams.MAX_SYMBOL_SIZE || (symbolSize & 1) != 0) {
            throw new CodecException.InvalidSliver("symbol size " + symbolSize + " of " + type.label() + " sliver "
                    + index + " must be even and between 2 and " + RedStuffParams.MAX_SYMBOL_SIZE);
        }
        if (data.length % symbolSize != 0) {
            throw new CodecException.InvalidSliver(type.label() + " sliver " + index + " has " + data.length
                    + " bytes, not a multiple of its symbol size " + symbolSize);
        }
    }

    public int symbolCount() {
        return data.length / symbolSize;
    }

    /** Checks the shape against the blob's parameters: index in range, symbol size and length as expected. */
    public void checkShape(RedStuffParams params, int expectedSymbolSize) {
        params.checkIndex(index, type.label() + " sliver index");
        if (symbolSize != expectedSymbolSize) {
            throw new CodecException.InvalidSliver(type.label() + " sliver " + index + " has symbol size "
                    + symbolSize + ", the blob's is " + expectedSymbolSize);
        }
        int expected = params.sliverLength(type, expectedSymbolSize);
        if (data.length != expected) {
            throw new CodecException.InvalidSliver(type.label() + " sliver " + index + " has " + data.length
                    + " bytes, expected " + expected);
        }
    }

    public byte[] toBcs() {
        BcsWriter w = new BcsWriter(data.length + 9);
        w.bytes(data).u16(symbolSize).u16(index);
        return w.toByteArray();
    }

    public static Sliver fromBcs(SliverType type, byte[] bcs) {
        return fromBcs(type, bcs, 0, bcs.length);
    }

    /**
     * Parses the {@code SliverData} in {@code length} bytes of {@code buffer} from {@code offset} (say one
     * entry of a larger request body) without copying the slice first: only the symbols are copied, into
     * the sliver's own array.
     */
    public static Sliver fromBcs(SliverType type, byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new BcsException(type.label() + " sliver slice [" + offset + ", +" + length + ") lies outside the "
                    + buffer.length + "-byte buffer");
        }
        BcsReader r = new BcsReader(buffer, offset, length);
        byte[] data = r.bytes();
        int symbolSize = r.u16();
        int index = r.u16();
        r.expectEnd(type.label() + " sliver");
        if (symbolSize == 0 || (symbolSize & 1) != 0 || data.length % symbolSize != 0) {
            throw new BcsException(type.label() + " sliver body has symbol size " + symbolSize
                    + " and " + data.length + " bytes of symbols, which do not fit together");
        }
        return new Sliver(type, index, symbolSize, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sliver s && s.type == type && s.index == index && s.symbolSize == symbolSize
                && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return ((type.hashCode() * 31 + index) * 31 + symbolSize) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Sliver[" + type.label() + " " + index + ", " + data.length + " bytes, S=" + symbolSize + "]";
    }
}
