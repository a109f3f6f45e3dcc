package dev.walrusstream.sui;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.codec.ids.HexIds;
import dev.walrusstream.codec.ids.Id32;

/** A 32-byte Sui account address, written {@code 0x} + 64 hex digits. */
public final class SuiAddress extends Id32 implements Comparable<SuiAddress> {

    private SuiAddress(byte[] bytes) {
        super(bytes, "Sui address");
    }

    public static SuiAddress of(byte[] bytes) {
        return new SuiAddress(bytes.clone());
    }

    /** Parses {@code 0x…} (1 to 64 hex digits, short forms are zero-padded on the left). */
    public static SuiAddress parse(String text) {
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
