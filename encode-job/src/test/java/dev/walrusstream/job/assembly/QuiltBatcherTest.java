package dev.walrusstream.job.assembly;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltReader;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuiltBatcherTest {
    private final RedStuffParams params = RedStuffParams.of(10);

    @Test
    void buildsAQuiltWhosePatchesReadBackWithTagsAndRanges() {
        QuiltBatcher batcher = new QuiltBatcher(params, 100_000, 6);
        SmallUpload a = upload("u-a", "b.json", "application/json", new byte[]{1, 2, 3});
        SmallUpload plain = upload("u-b", "a.txt", null, new byte[]{4});
        SmallUpload b = new SmallUpload(plain.part.toBuilder().attributes(Map.of("split", "train")).build(), plain.data);
        BlobTask task = batcher.build(List.of(a, b));
        assertTrue(task.quilt);
        assertEquals(List.of("a.txt", "b.json"), task.parts.stream().map(p -> p.identifier()).toList(), "identifier order");
        List<QuiltPatch> patches = QuiltReader.readAll(params, task.data);
        assertEquals(Map.of("split", "train"), patches.get(0).tags());
        assertEquals(Map.of("content-type", "application/json"), patches.get(1).tags());
        assertArrayEquals(new byte[]{1, 2, 3}, patches.get(1).data());
        assertEquals(task.parts.get(0).endColumn(), task.parts.get(1).startColumn(), "patches follow each other");
        assertEquals("u-b", task.parts.get(0).uploadId());
    }

    @Test
    void duplicateOrInvalidNamesGetUniqueIdentifiers() {
        Set<String> used = new HashSet<>();
        BlobPart first = upload("id-1", "same.bin", null, new byte[0]).part;
        BlobPart second = upload("id-2", "same.bin", null, new byte[0]).part;
        BlobPart bad = upload("id-3", "trailing ", null, new byte[0]).part;
        BlobPart none = upload("id-4", null, null, new byte[0]).part;
        String a = QuiltBatcher.identifier(first, used);
        used.add(a);
        String b = QuiltBatcher.identifier(second, used);
        assertEquals("same.bin", a);
        assertEquals("same.bin #id-2", b);
        assertEquals("trailing  #id-3", QuiltBatcher.identifier(bad, used), "trailing whitespace is not allowed at the end");
        assertEquals("id-4", QuiltBatcher.identifier(none, used));
    }

    @Test
    void cutsByCountOrBytesAndValidatesLimits() {
        QuiltBatcher batcher = new QuiltBatcher(params, 1000, 3);
        assertTrue(batcher.full(3, 10));
        assertTrue(batcher.full(1, 1000));
        assertTrue(!batcher.full(2, 999));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QuiltBatcher(params, 1000, 7));
        assertTrue(e.getMessage().contains("1 to 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuiltBatcher(params, params.maxBlobSize(), 3));
    }

    private static SmallUpload upload(String id, String name, String type, byte[] data) {
        BlobPart p = BlobPart.builder()
                .uploadId(id)
                .sourceName(name)
                .contentType(type)
                .size(data.length)
                .build();
        return new SmallUpload(p, data);
    }
}
