package dev.walrusstream.chain;

/** A Sui-style object ID: 32 bytes, written as {@code 0x} and 64 lower-case hex digits. */
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

    @Override
    public int compareTo(ObjectId o) {
        return compareBytes(o);
    }
}
