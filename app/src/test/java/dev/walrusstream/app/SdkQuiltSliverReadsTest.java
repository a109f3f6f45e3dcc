package dev.walrusstream.app;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.Quilt;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltPatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's sliver-read window, against the quilts interop/walrus-sdk/test/quilt-sliver-window.test.mjs
 * has the SDK encode and read itself (same identifiers, tags and contents, 10 shards): there, three 300-byte
 * patches come back wrong and three 1000-byte patches exact.
 */
class SdkQuiltSliverReadsTest {

    private static final Map<String, String> TAGS = tags();

    private static Map<String, String> tags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("topic", "clips");
        t.put("partition", "0");
        t.put("offset", "12345");
        t.put("source", "some-long-source-name-to-make-tags-bigger");
        return t;
    }

    private static List<QuiltPatch> threeFiles(int size) {
        List<QuiltPatch> patches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[size];
            Arrays.fill(data, (byte) (i + 1));
            patches.add(new QuiltPatch("file-" + i + ".bin", TAGS, data));
        }
        return patches;
    }

    private static Optional<String> misread(int size) {
        Quilt quilt = QuiltEncoder.build(RedStuffParams.of(10), threeFiles(size));
        Optional<String> first = SdkQuiltSliverReads.misreadField(threeFiles(size).get(0), quilt.columnSize());
        for (QuiltPatch p : threeFiles(size)) {
            assertEquals(first.isPresent(), SdkQuiltSliverReads.misreadField(p, quilt.columnSize()).isPresent(), p.toString());
        }
        return first;
    }

    @Test
    void contentsCrossingOneColumnTooManyAreMisreadAsTheSdkDoes() {
        assertEquals(312, QuiltEncoder.build(RedStuffParams.of(10), threeFiles(300)).columnSize(), "the layout the SDK test saw");
        Optional<String> field = misread(300);
        assertTrue(field.isPresent() && field.get().startsWith("contents"), String.valueOf(field));
    }

    @Test
    void patchesWithinTheirWindowAreExact() {
        assertEquals(560, QuiltEncoder.build(RedStuffParams.of(10), threeFiles(1000)).columnSize());
        assertFalse(misread(1000).isPresent());
        assertFalse(misread(100).isPresent());
    }

    @Test
    void headerFieldsStraddlingAColumnAreNamed() {
        // 40-byte columns: after a 30-character identifier the tags length sits at bytes 39..40 and one
        // column is fetched for it; after a 31-character one at 40..41, inside the second column
        QuiltPatch straddling = new QuiltPatch("x".repeat(30), TAGS, new byte[1]);
        assertEquals(Optional.of("tags length at byte 39"), SdkQuiltSliverReads.misreadField(straddling, 40));
        QuiltPatch aligned = new QuiltPatch("x".repeat(31), TAGS, new byte[1]);
        assertEquals(Optional.empty(), SdkQuiltSliverReads.misreadField(aligned, 40));
        assertTrue(SdkQuiltSliverReads.misreadField(new QuiltPatch("id", new byte[0]), 8).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SdkQuiltSliverReads.misreadField(aligned, 0));
    }

    @Test
    void windowArithmetic() {
        assertTrue(SdkQuiltSliverReads.exact(0, 100, 100));
        assertTrue(SdkQuiltSliverReads.exact(150, 50, 100));
        assertFalse(SdkQuiltSliverReads.exact(150, 51, 100));
        assertTrue(SdkQuiltSliverReads.exact(150, 150, 100));
        assertFalse(SdkQuiltSliverReads.exact(99, 2, 100));
        assertTrue(SdkQuiltSliverReads.exact(99, 0, 100));
    }
}
