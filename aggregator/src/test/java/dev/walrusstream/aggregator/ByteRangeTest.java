package dev.walrusstream.aggregator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ByteRangeTest {
    @Test
    void theThreeFormsAndTheirEdges() {
        assertEquals(new ByteRange.Slice(0, 99, 1000), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange.Slice(500, 999, 1000), ByteRange.parse("bytes=500-", 1000));
        assertEquals(new ByteRange.Slice(900, 999, 1000), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange.Slice(0, 999, 1000), ByteRange.parse("bytes=-5000", 1000), "suffix longer than the body");
        assertEquals(new ByteRange.Slice(990, 999, 1000), ByteRange.parse("bytes=990-5000", 1000), "end clipped");
        assertEquals("bytes 990-999/1000", ByteRange.parse("bytes = 990 - 5000", 1000) instanceof ByteRange.Slice s
                ? s.contentRange() : "");
    }

    @Test
    void pastTheEndIsUnsatisfiableAndOddSyntaxIsIgnored() {
        assertEquals("bytes */1000", assertInstanceOf(ByteRange.Unsatisfiable.class,
                ByteRange.parse("bytes=1000-", 1000)).contentRange());
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse("bytes=-0", 1000));
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse("bytes=0-0", 0));
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse(null, 1000));
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse("bytes=0-1,5-6", 1000));
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse("items=0-1", 1000));
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse("bytes=5-1", 1000));
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse("bytes=-", 1000));
    }
}
