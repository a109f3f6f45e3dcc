package dev.walrusstream.codec.ids;

/**
 * A Sui object ID (also the ID of a Move package): 32 bytes, written {@code 0x} and 64 lower-case hex
 * digits. The one object-ID type of the code base: the chain port, the Sui SDK and Walrus-on-Sui share it.
 */
public final class ObjectId extends Id32 implements Comparable<ObjectId> {

    private ObjectId(byte[] bytes) {
        super(bytes, "object ID");
    }

    public static ObjectId of(byte[] bytes) {
        return new ObjectId(bytes.clone());
    }

    /** Parses {@code 0x}-prefixed (or bare) hex; shorter forms are left-padded with zeros, as Sui does. */
    public static ObjectId parse(String text) {
        return new ObjectId(HexIds.parse(text, "object ID"));
    }

    /**
     * Parses {@code 0x} and 1 to 64 hex digits (short forms are zero-padded on the left), refusing bare
     * hex: the form Sui's RPC and configuration files use.
     */
    public static ObjectId parsePrefixed(String text) {
        return new ObjectId(HexIds.parsePrefixed(text, "object ID"));
    }

    @Override
    public int compareTo(ObjectId o) {
        return compareBytes(o);
    }
}
