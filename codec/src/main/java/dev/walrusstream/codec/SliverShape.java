package dev.walrusstream.codec;

/** The shape rules a sliver obeys, whether it owns its symbols ({@link Sliver}) or not ({@link SliverSymbols}). */
final class SliverShape {
    private SliverShape() {
    }

    /** Rules that hold for any blob: type present, u16 index, even symbol size, whole symbols. */
    static void check(SliverType type, int index, int symbolSize, int length) {
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
        if (length % symbolSize != 0) {
            throw new CodecException.InvalidSliver(type.label() + " sliver " + index + " has " + length
                    + " bytes, not a multiple of its symbol size " + symbolSize);
        }
    }

    /** Rules of one blob: index in range, the blob's symbol size, the length its parameters give. */
    static void checkAgainst(RedStuffParams params, SliverType type, int index, int symbolSize, int length,
                             int expectedSymbolSize) {
        params.checkIndex(index, type.label() + " sliver index");
        if (symbolSize != expectedSymbolSize) {
            throw new CodecException.InvalidSliver(type.label() + " sliver " + index + " has symbol size "
                    + symbolSize + ", the blob's is " + expectedSymbolSize);
        }
        int expected = params.sliverLength(type, expectedSymbolSize);
        if (length != expected) {
            throw new CodecException.InvalidSliver(type.label() + " sliver " + index + " has " + length
                    + " bytes, expected " + expected);
        }
    }
}
