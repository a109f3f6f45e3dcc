package dev.walrusstream.codec.quilt;

import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.CodecException.InvalidQuilt.Reason;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Reads QuiltV1 quilts from their columns (a column c is the data of secondary sliver c), so a
 * single patch needs only its own columns, or from the whole blob.
 */
public final class QuiltReader {
    private QuiltReader() {
    }

    /**
     * Reads the index from columns 0.. fetched through {@code column} (column index → the n_p·S
     * bytes of that secondary sliver).
     */
    public static List<QuiltEntry> readIndex(RedStuffParams params, int symbolSize, IntFunction<byte[]> column) {
        int columnSize = params.primarySymbols() * symbolSize;
        byte[] first = column.apply(0);
        if (first.length != columnSize || first[0] != 1) {
            throw malformed("column 0 does not start a QuiltV1 index (version byte " + (first.length == 0 ? "missing" : first[0]) + ")");
        }
        long indexLength = new BcsReader(first, 1, 4).u32();
        if (indexLength > (long) QuiltEncoder.MAX_INDEX_COLUMNS * columnSize - 5) {
            throw malformed("quilt index claims " + indexLength + " bytes, more than 10 columns of " + columnSize + " hold");
        }
        int indexColumns = (int) QuiltEncoder.ceilDiv(5 + indexLength, columnSize);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) indexLength + 5);
        bytes.write(first, 0, first.length);
        for (int c = 1; c < indexColumns; c++) {
            byte[] next = column.apply(c);
            bytes.write(next, 0, next.length);
        }
        return parseIndex(bytes.toByteArray(), (int) indexLength, indexColumns);
    }

    private static List<QuiltEntry> parseIndex(byte[] columns, int indexLength, int indexColumns) {
        try {
            BcsReader r = new BcsReader(columns, 5, indexLength);
            int count = r.uleb128();
            List<QuiltEntry> entries = new ArrayList<>(count);
            int start = indexColumns;
            for (int i = 0; i < count; i++) {
                int end = r.u16();
                String identifier = r.string();
                Map<String, String> tags = readTags(r, identifier);
                if (end <= start) {
                    throw malformed("patch '" + identifier + "' ends at column " + end + ", not after its start " + start);
                }
                entries.add(new QuiltEntry(identifier, tags, start, end));
                start = end;
            }
            r.expectEnd("quilt index");
            return entries;
        } catch (BcsException e) {
            throw malformed("quilt index is not valid BCS: " + e.getMessage());
        }
    }

    /** A BCS tag map, which must be in canonical order (by serialized key) without duplicates. */
    private static Map<String, String> readTags(BcsReader r, String identifier) {
        int count = r.uleb128();
        Map<String, String> tags = new LinkedHashMap<>();
        byte[] previous = null;
        for (int i = 0; i < count; i++) {
            int at = r.position();
            String key = r.string();
            byte[] keyBcs = new dev.walrusstream.codec.bcs.BcsWriter().string(key).toByteArray();
            if (previous != null && Arrays.compareUnsigned(previous, keyBcs) >= 0) {
                throw malformed("tags of '" + identifier + "' are not in canonical BCS order at offset " + at);
            }
            previous = keyBcs;
            tags.put(key, r.string());
        }
        return tags;
    }

    /** Parses a patch from the concatenated bytes of its columns (the first column starts it). */
    public static QuiltPatch readPatch(List<byte[]> columns) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] c : columns) {
            all.write(c, 0, c.length);
        }
        byte[] bytes = all.toByteArray();
        try {
            BcsReader r = new BcsReader(bytes);
            int version = r.u8();
            if (version != 1) {
                throw malformed("patch header has version " + version + ", expected 1");
            }
            long length = r.u32();
            int mask = r.u8();
            if (length > r.remaining()) {
                throw malformed("patch claims " + length + " bytes after its header, its columns hold " + r.remaining());
            }
            int idLength = r.u16();
            BcsReader idReader = new BcsReader(bytes, r.position(), idLength);
            String identifier = idReader.string();
            idReader.expectEnd("patch identifier");
            r = new BcsReader(bytes, r.position() + idLength, (int) length - 2 - idLength);
            Map<String, String> tags = Map.of();
            if ((mask & 1) == 1) {
                int tagsLength = r.u16();
                BcsReader tagReader = new BcsReader(bytes, r.position(), tagsLength);
                tags = readTags(tagReader, identifier);
                tagReader.expectEnd("patch tags");
                r = new BcsReader(bytes, r.position() + tagsLength, r.remaining() - tagsLength);
            }
            byte[] data = r.fixedBytes(r.remaining());
            return new QuiltPatch(identifier, tags, data);
        } catch (BcsException e) {
            throw malformed("patch header is malformed: " + e.getMessage());
        }
    }

    /** Column c of a whole quilt blob (row-major matrix). */
    public static byte[] column(RedStuffParams params, int symbolSize, byte[] blob, int c) {
        int np = params.primarySymbols();
        int rowBytes = params.secondarySymbols() * symbolSize;
        byte[] out = new byte[np * symbolSize];
        for (int r = 0; r < np; r++) {
            System.arraycopy(blob, r * rowBytes + c * symbolSize, out, r * symbolSize, symbolSize);
        }
        return out;
    }

    /** Every patch of a whole quilt blob, in index order. */
    public static List<QuiltPatch> readAll(RedStuffParams params, byte[] blob) {
        long cells = (long) params.primarySymbols() * params.secondarySymbols();
        if (blob.length == 0 || blob.length % cells != 0) {
            throw malformed("a quilt blob is the full n_p·n_s·S matrix; " + blob.length + " bytes is not a multiple of "
                    + cells);
        }
        int s = (int) (blob.length / cells);
        List<QuiltEntry> entries = readIndex(params, s, c -> column(params, s, blob, c));
        List<QuiltPatch> out = new ArrayList<>();
        for (QuiltEntry e : entries) {
            List<byte[]> columns = new ArrayList<>();
            for (int c = e.startColumn(); c < e.endColumn(); c++) {
                columns.add(column(params, s, blob, c));
            }
            out.add(readPatch(columns));
        }
        return out;
    }

    private static CodecException.InvalidQuilt malformed(String message) {
        return new CodecException.InvalidQuilt(Reason.MALFORMED, message);
    }
}
