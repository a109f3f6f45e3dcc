package dev.walrusstream.app;

import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.quilt.QuiltPatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which quilt patches the official SDK (@mysten/walrus 1.2.13) reads exactly by patch ID.
 *
 * <p>The SDK's {@code QuiltReader} reads a field of a patch from secondary slivers (columns of
 * {@code columnSize} bytes): for a field at {@code offset} of {@code length} bytes it fetches
 * {@code ceil(length / columnSize)} columns starting at the column holding {@code offset}, and copies from
 * {@code offset % columnSize}. When the field starts mid-column and ends past the last column fetched, the
 * rest of the field is left as zeros, without an error (files/readers/quilt.ts, {@code readBytesFromSlivers}).
 * A patch whose identifier, tags or contents cross one column boundary too many comes back with wrong bytes
 * or a parse error ({@code RangeError: Invalid typed array length} in {@code QuiltPatchTags.parse}). The
 * layout is the official writer's, the SDK's {@code encodeQuilt} included: {@code quilt-sliver-window.test.mjs}
 * shows the SDK misreading a quilt it encoded itself. This class names the first field the SDK would misread,
 * so tests hand the SDK only patches it can read and say which they withheld and why.
 */
public final class SdkQuiltSliverReads {

    /** The patch header: version, u32 length, mask. */
    private static final int BLOB_HEADER = 6;

    private SdkQuiltSliverReads() {
    }

    /**
     * The first field of {@code patch} that the SDK's sliver reads would return wrong, in a quilt whose
     * columns hold {@code columnSize} bytes, or empty when every read is exact.
     */
    public static Optional<String> misreadField(QuiltPatch patch, int columnSize) {
        if (columnSize <= 0) {
            throw new IllegalArgumentException("column size must be positive: " + columnSize);
        }
        // the reads QuiltReader.getBlobHeader and readBlob make, in order, after the 6-byte header
        List<Map.Entry<String, Integer>> fields = new ArrayList<>();
        fields.add(Map.entry("identifier length", 2));
        fields.add(Map.entry("identifier", bcsStringLength(patch.identifier())));
        if (!patch.tags().isEmpty()) {
            fields.add(Map.entry("tags length", 2));
            fields.add(Map.entry("tags", bcsTagsLength(patch.tags())));
        }
        fields.add(Map.entry("contents", patch.data().length));
        long offset = BLOB_HEADER;
        for (Map.Entry<String, Integer> field : fields) {
            int length = field.getValue();
            if (!exact(offset, length, columnSize)) {
                return Optional.of(field.getKey().endsWith(" length") ? field.getKey() + " at byte " + offset
                        : field.getKey() + " (" + length + " bytes at byte " + offset + ")");
            }
            offset += length;
        }
        return Optional.empty();
    }

    /** The SDK reads {@code ceil(length / column)} columns from {@code offset % column}: exact when that covers the field. */
    static boolean exact(long offset, long length, long column) {
        if (length == 0) {
            return true;
        }
        long columns = (length + column - 1) / column;
        return offset % column + length <= columns * column;
    }

    private static int bcsStringLength(String s) {
        return new BcsWriter().string(s).toByteArray().length;
    }

    /** The length of the tags' BCS map; the order of the entries does not change it. */
    private static int bcsTagsLength(Map<String, String> tags) {
        BcsWriter w = new BcsWriter().uleb128(tags.size());
        for (Map.Entry<String, String> e : tags.entrySet()) {
            w.string(e.getKey()).string(e.getValue());
        }
        return w.toByteArray().length;
    }
}
