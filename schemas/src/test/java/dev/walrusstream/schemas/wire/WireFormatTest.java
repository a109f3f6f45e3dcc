package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.DeadLetterReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireFormatTest {

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        byte[] framed = WireFormat.frame(0x01020304, new byte[] {9, 8});
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 9, 8}, framed);
        assertEquals(0x01020304, WireFormat.schemaId(framed));
    }

    @Test
    void largestIdRoundTrips() {
        byte[] framed = WireFormat.frame(Integer.MAX_VALUE, new byte[0]);
        assertArrayEquals(new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, framed);
        assertEquals(Integer.MAX_VALUE, WireFormat.schemaId(framed));
    }

    @Test
    void wrongMagicIsNamed() {
        MalformedFramingException e = assertThrows(MalformedFramingException.class,
                () -> WireFormat.schemaId(new byte[] {0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31}));
        assertTrue(e.getMessage().contains("0x7b"), e.getMessage());
        assertTrue(e.getMessage().contains("6 bytes"), e.getMessage());
        assertEquals(DeadLetterReason.MALFORMED_FRAMING, e.reason());
    }

    @Test
    void shortAndNullValuesAreMalformed() {
        MalformedFramingException shortOne = assertThrows(MalformedFramingException.class,
                () -> WireFormat.schemaId(new byte[] {0, 0, 1}));
        assertTrue(shortOne.getMessage().contains("3 byte(s)"), shortOne.getMessage());
        MalformedFramingException nullOne = assertThrows(MalformedFramingException.class,
                () -> WireFormat.schemaId(null));
        assertTrue(nullOne.getMessage().contains("null"), nullOne.getMessage());
    }
}
