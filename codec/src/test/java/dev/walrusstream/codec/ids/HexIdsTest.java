package dev.walrusstream.codec.ids;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HexIdsTest {

    @Test
    void shortFormsAreLeftPaddedAndFormattedCanonically() {
        byte[] two = HexIds.parse("0x2", "object ID");
        assertEquals(32, two.length);
        assertEquals(2, two[31]);
        assertEquals("0x" + "0".repeat(63) + "2", HexIds.format(two));
        assertArrayEquals(two, HexIds.parse("02", "object ID"), "the prefix is optional");
        assertArrayEquals(two, HexIds.parsePrefixed(" 0X002 ", "object ID"));
    }

    @Test
    void refusalsNameTheValueAndWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HexIds.parsePrefixed("2", "Sui address"))
                .getMessage().contains("must start with 0x"));
        assertEquals("object ID '0x12g4' has a non-hex character 'g' at position 4",
                assertThrows(IllegalArgumentException.class, () -> HexIds.parse("0x12g4", "object ID")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HexIds.parse("0x" + "1".repeat(65), "address"))
                .getMessage().contains("must have 1 to 64 hex digits, has 65"));
        assertEquals("address is missing", assertThrows(IllegalArgumentException.class,
                () -> HexIds.parse(null, "address")).getMessage());
    }
}
