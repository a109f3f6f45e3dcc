package dev.walrusstream.codec;

import dev.walrusstream.codec.bcs.BcsWriter;

import java.util.Arrays;

/**
 * One sliver: {@code index} is its sliver index (not the pair index), {@code data} its symbols back
 * to back. The wire form is BCS {@code SliverData}: ULEB128 length, symbols, u16 symbol size, u16
 * index; the type travels in the URL. The data array is owned by the sliver; do not modify it.
 */
public record Sliver(SliverType type, int index, int symbolSize, byte[] data) {

    public Sliver {
        SliverShape.check(type, index, symbolSize, data.length);
    }

    public int symbolCount() {
        return data.length / symbolSize;
    }

    /** Checks the shape against the blob's parameters: index in range, symbol size and length as expected. */
    public void checkShape(RedStuffParams params, int expectedSymbolSize) {
        SliverShape.checkAgainst(params, type, index, symbolSize, data.length, expectedSymbolSize);
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
     * the sliver's own array. {@link SliverSymbols#fromBcs} leaves them in place.
     */
    public static Sliver fromBcs(SliverType type, byte[] buffer, int offset, int length) {
        return SliverSymbols.fromBcs(type, buffer, offset, length).toSliver();
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
