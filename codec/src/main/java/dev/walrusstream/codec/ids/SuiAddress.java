package dev.walrusstream.codec.ids;

/**
 * A Sui account address: 32 bytes, written {@code 0x} and 64 lower-case hex digits. The one address type of
 * the code base: the chain port, the development ledgers, the Sui SDK and Walrus-on-Sui share it, as they
 * share {@link ObjectId}.
 */
public final class SuiAddress extends Id32 implements Comparable<SuiAddress> {

    private SuiAddress(byte[] bytes) {
        super(bytes, "Sui address");
    }

    public static SuiAddress of(byte[] bytes) {
        return new SuiAddress(bytes.clone());
    }

    /** Parses {@code 0x}-prefixed (or bare) hex; shorter forms are left-padded with zeros, as Sui does. */
    public static SuiAddress parse(String text) {
        return new SuiAddress(HexIds.parse(text, "Sui address"));
    }

    /**
     * Parses {@code 0x} and 1 to 64 hex digits (short forms are zero-padded on the left), refusing bare
     * hex: the form Sui's RPC, keystores and configuration files use.
     */
    public static SuiAddress parsePrefixed(String text) {
        return new SuiAddress(HexIds.parsePrefixed(text, "Sui address"));
    }

    /** The same 32 bytes viewed as an object ID. */
    public ObjectId asObjectId() {
        return ObjectId.of(bytes());
    }

    @Override
    public int compareTo(SuiAddress o) {
        return compareBytes(o);
    }
}
