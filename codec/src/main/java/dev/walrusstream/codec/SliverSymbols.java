package dev.walrusstream.codec;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;

/**
 * A sliver whose symbols stay where they are: {@code length} bytes of {@code buffer} from
 * {@code offset}, say inside the request body that carried them. Storage nodes verify uploads
 * through this view, so a sliver's symbols are not copied out of the body before they are hashed
 * (the body itself is what the node stores). The buffer must not change while the view is used.
 */
public record SliverSymbols(SliverType type, int index, int symbolSize, byte[] buffer, int offset, int length) {

    public SliverSymbols {
        if (buffer == null || offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IllegalArgumentException("sliver symbols at [" + offset + ", +" + length + ") lie outside the "
                    + (buffer == null ? "missing" : buffer.length + "-byte") + " buffer");
        }
        SliverShape.check(type, index, symbolSize, length);
    }

    /** The symbols of a sliver, in its own array. */
    public static SliverSymbols of(Sliver sliver) {
        return new SliverSymbols(sliver.type(), sliver.index(), sliver.symbolSize(), sliver.data(), 0,
                sliver.data().length);
    }

    /**
     * Parses the BCS {@code SliverData} in {@code length} bytes of {@code buffer} from {@code offset}
     * (ULEB128 length, symbols, u16 symbol size, u16 index), leaving the symbols in place.
     */
    public static SliverSymbols fromBcs(SliverType type, byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new BcsException(type.label() + " sliver slice [" + offset + ", +" + length + ") lies outside the "
                    + buffer.length + "-byte buffer");
        }
        BcsReader r = new BcsReader(buffer, offset, length);
        BcsReader.Slice symbols = r.bytesInPlace();
        int symbolSize = r.u16();
        int index = r.u16();
        r.expectEnd(type.label() + " sliver");
        if (symbolSize == 0 || (symbolSize & 1) != 0 || symbols.length() % symbolSize != 0) {
            throw new BcsException(type.label() + " sliver body has symbol size " + symbolSize
                    + " and " + symbols.length() + " bytes of symbols, which do not fit together");
        }
        return new SliverSymbols(type, index, symbolSize, buffer, symbols.offset(), symbols.length());
    }

    /** A sliver with its own copy of the symbols. */
    public Sliver toSliver() {
        return new Sliver(type, index, symbolSize, java.util.Arrays.copyOfRange(buffer, offset, offset + length));
    }

    /** Checks the shape against the blob's parameters: index in range, symbol size and length as expected. */
    public void checkShape(RedStuffParams params, int expectedSymbolSize) {
        SliverShape.checkAgainst(params, type, index, symbolSize, length, expectedSymbolSize);
    }

    @Override
    public String toString() {
        return "SliverSymbols[" + type.label() + " " + index + ", " + length + " bytes at " + offset + ", S="
                + symbolSize + "]";
    }
}
