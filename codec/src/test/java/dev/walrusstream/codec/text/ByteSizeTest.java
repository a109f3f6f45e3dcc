package dev.walrusstream.codec.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteSizeTest {
    @Test
    void parsesBinaryUnits() {
        assertEquals(1048576, ByteSize.parse("1048576"));
        assertEquals(512 * 1024, ByteSize.parse("512KiB"));
        assertEquals(512 * 1024, ByteSize.parse("512k"));
        assertEquals(4L << 20, ByteSize.parse("4 MiB"));
        assertEquals(4L << 20, ByteSize.parse("4m"));
        assertEquals(1L << 30, ByteSize.parse("1GB"));
    }

    @Test
    void rejectsNonsenseNamingIt() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("12 parsecs"));
        assertTrue(a.getMessage().contains("parsecs"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-5"));
        assertTrue(b.getMessage().contains("-5"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999999TiB"));
    }

    @Test
    void formats() {
        assertEquals("512 B", ByteSize.format(512));
        assertEquals("1.5 MiB", ByteSize.format(3L << 19));
    }
}
