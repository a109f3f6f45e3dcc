package dev.walrusstream.sui;

import dev.walrusstream.codec.ids.SuiAddress;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.codec.text.Base58;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiIdentifiersTest {
    @Test
    void addressesPadShortFormsAndPrintCanonically() {
        assertEquals("0x0000000000000000000000000000000000000000000000000000000000000002",
                SuiAddress.parsePrefixed("0x2").toString());
        assertEquals(ObjectId.parse("0x2"), SuiAddress.parsePrefixed("0x02").asObjectId());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SuiAddress.parsePrefixed("2"));
        assertTrue(e.getMessage().contains("must start with 0x"));
        e = assertThrows(IllegalArgumentException.class, () -> ObjectId.parse("0x" + "1".repeat(65)));
        assertTrue(e.getMessage().contains("has 65"));
    }

    @Test
    void base58RoundTripsAndKeepsLeadingZeros() {
        byte[] value = {0, 0, 1, 2, (byte) 255};
        assertArrayEquals(value, Base58.decode(Base58.encode(value)));
        assertEquals("11", Base58.encode(new byte[2]));
        // digest of the split-transfer vector
        SuiDigest d = SuiDigest.parse("Fv2WU7URAALtABGSqq5J47TPvXvHo4iuaitxjbs38vHJ");
        assertEquals("dd991ae276424702cdbc0255e869232f932461b7fcc658e43ec781695142651d", d.toHex());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SuiDigest.parse("0OIl"));
        assertTrue(e.getMessage().contains("invalid Base58 character '0'"));
        e = assertThrows(IllegalArgumentException.class, () -> SuiDigest.parse("abc"));
        assertTrue(e.getMessage().contains("expected 32"));
    }
}
