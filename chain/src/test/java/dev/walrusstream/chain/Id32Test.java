package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.SuiAddress;

import dev.walrusstream.codec.ids.ObjectId;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Id32Test {

    @Test
    void equalByKindAndBytesWrittenInSuisCanonicalForm() {
        byte[] b = new byte[32];
        b[31] = 7;
        SuiAddress a = SuiAddress.of(b);
        ObjectId o = ObjectId.of(b);
        assertEquals(a, SuiAddress.parse("0x7"));
        assertEquals(a.hashCode(), SuiAddress.parse("7").hashCode());
        assertNotEquals(a, o, "an address is not an object ID, whatever its bytes");
        assertEquals("0x" + "0".repeat(63) + "7", a.toString());
        assertEquals(a.toString(), o.hex());
        b[31] = 8;
        assertEquals(7, a.bytes()[31], "of() copies");
        assertTrue(o.compareTo(ObjectId.of(b)) < 0);
        assertTrue(ObjectId.parse("0xff").compareTo(ObjectId.parse("0x01")) > 0, "unsigned order");
    }

    @Test
    void wrongLengthsAreRefusedWithTheLength() {
        assertEquals("object ID must be 32 bytes, got 31",
                assertThrows(IllegalArgumentException.class, () -> ObjectId.of(new byte[31])).getMessage());
        assertEquals("Sui address must be 32 bytes, got 33",
                assertThrows(IllegalArgumentException.class, () -> SuiAddress.of(new byte[33])).getMessage());
    }
}
