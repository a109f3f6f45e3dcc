package dev.walrusstream.codec.bcs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BcsReaderTest {

    @Test
    void roundTripsEveryPrimitive() {
        byte[] bytes = new BcsWriter().u8(7).bool(true).u16(0xBEEF).u32(0xDEADBEEFL).u64(-2L)
                .uleb128(300).bytes(new byte[]{1, 2, 3}).string("walrus").toByteArray();
        BcsReader r = new BcsReader(bytes);
        assertEquals(7, r.u8());
        assertEquals(true, r.bool());
        assertEquals(0xBEEF, r.u16());
        assertEquals(0xDEADBEEFL, r.u32());
        assertEquals(-2L, r.u64());
        assertEquals(300, r.uleb128());
        assertArrayEquals(new byte[]{1, 2, 3}, r.bytes());
        assertEquals("walrus", r.string());
        r.expectEnd("test value");
    }

    @Test
    void uleb128IsCanonical() {
        assertArrayEquals(new byte[]{(byte) 0xAC, 0x02}, new BcsWriter().uleb128(300).toByteArray());
        assertEquals(2, BcsWriter.uleb128Length(300));
        BcsException e = assertThrows(BcsException.class, () -> new BcsReader(new byte[]{(byte) 0x80, 0x00}).uleb128());
        assertTrue(e.getMessage().contains("non-canonical"), e.getMessage());
    }

    @Test
    void errorsNameTheOffset() {
        BcsReader r = new BcsReader(new byte[]{5, 1, 2});
        BcsException e = assertThrows(BcsException.class, r::bytes);
        assertTrue(e.getMessage().contains("offset 0") && e.getMessage().contains("5 bytes"), e.getMessage());
        BcsException bool = assertThrows(BcsException.class, () -> new BcsReader(new byte[]{2}).bool());
        assertTrue(bool.getMessage().contains("invalid bool 2"), bool.getMessage());
    }
}
