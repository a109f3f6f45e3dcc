package dev.walrusstream.sink;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobPartTest {
    static BlobPart.Builder valid() {
        return BlobPart.builder().uploadId("u-1").segment(1).segments(3).sourceName("clip.mp4").size(10)
                .sha256(new byte[32]).source("walrus.chunks", 2, 40, 41);
    }

    @Test
    void aBuiltPartCannotBeChangedThroughWhatWentInOrWhatComesOut() {
        Map<String, String> attributes = new HashMap<>(Map.of("k", "v"));
        byte[] sha = new byte[32];
        BlobPart p = valid().attributes(attributes).sha256(sha).build();
        attributes.put("k", "changed");
        sha[0] = 9;
        assertEquals(Map.of("k", "v"), p.attributes());
        assertEquals(0, p.sha256()[0]);
        assertThrows(UnsupportedOperationException.class, () -> p.attributes().put("x", "y"));
        p.sha256()[1] = 5;
        assertArrayEquals(new byte[32], p.sha256());
    }

    @Test
    void toBuilderDerivesAPlacedPatchAndKeepsEveryOtherValue() {
        BlobPart segment = valid().segment(0).segments(1).build();
        BlobPart patch = segment.toBuilder().identifier("clip.mp4").columns(2, 5).build();
        assertTrue(patch.isPatch());
        assertEquals(2, patch.startColumn());
        assertEquals(5, patch.endColumn());
        assertTrue(patch.toBuilder().identifier(null).columns(-1, -1).build().sameValues(segment));
    }

    @Test
    void invalidPartsAreRefusedNamingTheValueAndThePart() {
        assertRefused(valid().uploadId(" "), "upload id must not be blank, got ' '");
        assertRefused(valid().segment(3).segments(3), "segment 3 of 3");
        assertRefused(valid().segment(-1), "segment -1");
        assertRefused(valid().columns(0, 2), "columns [0, 2)");
        assertRefused(valid().identifier("p").columns(4, 4), "columns [4, 4)");
        assertRefused(valid().size(-5), "size -5");
        assertRefused(valid().sha256(new byte[3]), "got 3");
        assertRefused(valid().source("t", 0, 9, 8), "offsets 9..8");
        assertEquals(-1, valid().source("", -1, -1, -1).build().partition(), "a part not read from Kafka (a manifest)");
    }

    private static void assertRefused(BlobPart.Builder b, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("blob part (upload"), e.getMessage());
    }
}
