package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.Id32;
import dev.walrusstream.codec.ids.HexIds;

/** A Sui-style account address: 32 bytes, written as {@code 0x} and 64 lower-case hex digits. */
public final class Address extends Id32 {

    private Address(byte[] bytes) {
        super(bytes, "address");
    }

    public static Address of(byte[] bytes) {
        return new Address(bytes.clone());
    }

    public static Address parse(String text) {
        return new Address(HexIds.parse(text, "address"));
    }
}
