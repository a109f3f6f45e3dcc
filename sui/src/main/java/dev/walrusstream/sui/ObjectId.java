package dev.walrusstream.sui;

import dev.walrusstream.chain.HexIds;
import dev.walrusstream.chain.Id32;

/** A 32-byte Sui object ID (also the ID of a Move package), written {@code 0x} + 64 hex digits. */
public final class ObjectId extends Id32 implements Comparable<ObjectId> {

    private ObjectId(byte[] bytes) {
        super(bytes, "object ID");
    }

    public static ObjectId of(byte[] bytes) {
        return new ObjectId(bytes.clone());
    }

    /** Parses {@code 0x…} (1 to 64 hex digits, short forms are zero-padded on the left). */
    public static ObjectId parse(String text) {
        return new ObjectId(HexIds.parsePrefixed(text, "object ID"));
    }

    /** The same 32 bytes viewed as an address (objects can own objects). */
    public SuiAddress asAddress() {
        return SuiAddress.of(bytes());
    }

    @Override
    public int compareTo(ObjectId o) {
        return compareBytes(o);
    }
}
