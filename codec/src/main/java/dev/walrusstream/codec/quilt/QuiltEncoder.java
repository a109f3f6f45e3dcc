package dev.walrusstream.codec.quilt;

import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.CodecException.InvalidQuilt.Reason;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds QuiltV1 quilts byte-identical to Walrus's Rust writer (docs/protocol/quilt-spec.md §5): identifiers sorted by
 * UTF-8 bytes, the smallest symbol size that fits every piece in whole columns, the index in column
 * 0.., each patch column-major in its own column range.
 */
public final class QuiltEncoder {
    /** The index may take at most this many columns. */
    static final int MAX_INDEX_COLUMNS = 10;

    private QuiltEncoder() {
    }

    /** Most patches a quilt can hold at this shard count: n_s − 1 (666 at n = 1000). */
    public static int maxPatches(RedStuffParams params) {
        return params.secondarySymbols() - 1;
    }

    public static Quilt build(RedStuffParams params, List<QuiltPatch> patches) {
        int np = params.primarySymbols();
        int ns = params.secondarySymbols();
        if (patches.size() + 1 > ns) {
            throw new CodecException.InvalidQuilt(Reason.TOO_MANY_PATCHES, "a quilt at " + params.nShards()
                    + " shards holds at most " + maxPatches(params) + " patches, got " + patches.size());
        }
        List<QuiltPatch> sorted = new ArrayList<>(patches);
        sorted.sort((a, b) -> QuiltIdentifiers.UTF8_ORDER.compare(a.identifier(), b.identifier()));
        Set<String> seen = new HashSet<>();
        for (QuiltPatch p : sorted) {
            if (!seen.add(p.identifier())) {
                throw new CodecException.InvalidQuilt(Reason.DUPLICATE_IDENTIFIER, "identifier '" + p.identifier()
                        + "' appears more than once in the quilt");
            }
        }
        List<byte[]> pieces = new ArrayList<>(sorted.size());
        for (QuiltPatch p : sorted) {
            pieces.add(p.serialize());
        }
        int[] placeholder = new int[sorted.size()];
        int indexLength = indexBcs(sorted, placeholder).length;
        long[] sizes = new long[sorted.size() + 1];
        sizes[0] = 5L + indexLength;
        for (int i = 0; i < pieces.size(); i++) {
            sizes[i + 1] = pieces.get(i).length;
        }
        int s = symbolSize(params, sizes);
        long total = (long) np * ns * s;
        if (total > Integer.MAX_VALUE - 16) {
            throw new CodecException.InvalidQuilt(Reason.OVERSIZE, "a quilt of " + total
                    + " bytes is larger than this implementation builds in memory (2 GiB)");
        }
        int column = np * s;
        byte[] blob = new byte[(int) total];
        int indexColumns = (int) ceilDiv(5L + indexLength, column);
        int[] ends = new int[sorted.size()];
        List<QuiltEntry> entries = new ArrayList<>();
        int start = indexColumns;
        for (int i = 0; i < pieces.size(); i++) {
            byte[] piece = pieces.get(i);
            write(blob, piece, start, np, ns, s);
            int end = start + (int) ceilDiv(piece.length, column);
            ends[i] = end;
            entries.add(new QuiltEntry(sorted.get(i).identifier(), sorted.get(i).tags(), start, end));
            start = end;
        }
        byte[] index = indexBcs(sorted, ends);
        BcsWriter head = new BcsWriter(5 + index.length);
        head.u8(1).u32(index.length).fixedBytes(index);
        write(blob, head.toByteArray(), 0, np, ns, s);
        return new Quilt(params, s, blob, indexColumns, entries);
    }

    /** BCS QuiltIndexV1: count, then (u16 end column, identifier, tags) per patch in order. */
    private static byte[] indexBcs(List<QuiltPatch> sorted, int[] ends) {
        BcsWriter w = new BcsWriter();
        w.uleb128(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            QuiltPatch p = sorted.get(i);
            w.u16(ends[i]).fixedBytes(p.identifierBcs()).fixedBytes(p.tagsBcs());
        }
        return w.toByteArray();
    }

    /**
     * The smallest even symbol size with which every piece, rounded up to whole columns of n_p·S
     * bytes, fits in n_s columns and the index in at most 10 (docs/protocol/quilt-spec.md §1.3).
     */
    static int symbolSize(RedStuffParams params, long[] sizes) {
        long np = params.primarySymbols();
        long ns = params.secondarySymbols();
        long sum = 0;
        long max = 0;
        for (long z : sizes) {
            sum += z;
            max = Math.max(max, z);
        }
        long lo = Math.max(Math.max(ceilDiv(sum, ns * np), ceilDiv(sizes[0], np * MAX_INDEX_COLUMNS)), ceilDiv(5, np));
        long hi = ceilDiv(max, (ns / sizes.length) * np);
        long s;
        if (lo >= hi) {
            s = lo;
        } else {
            long a = lo;
            long b = hi;
            while (a < b) {
                long mid = a + (b - a) / 2;
                if (fits(sizes, mid, np, ns)) {
                    b = mid;
                } else {
                    a = mid + 1;
                }
            }
            s = a;
        }
        s += s & 1;
        if (s > RedStuffParams.MAX_SYMBOL_SIZE) {
            throw new CodecException.InvalidQuilt(Reason.OVERSIZE, "the patches need symbols of " + s
                    + " bytes; RS2 allows at most " + RedStuffParams.MAX_SYMBOL_SIZE + " (a quilt at " + params.nShards()
                    + " shards holds at most " + params.maxBlobSize() + " bytes)");
        }
        return (int) s;
    }

    private static boolean fits(long[] sizes, long s, long np, long ns) {
        long columns = 0;
        for (long z : sizes) {
            columns += ceilDiv(z, s * np);
        }
        return columns <= ns;
    }

    /** Writes a piece column-major from the top of {@code startColumn}: chunk q of S bytes goes to (row q mod n_p, column start + q / n_p). */
    private static void write(byte[] blob, byte[] piece, int startColumn, int np, int ns, int s) {
        int rowBytes = ns * s;
        for (int q = 0, p = 0; p < piece.length; q++, p += s) {
            int column = startColumn + q / np;
            int row = q % np;
            System.arraycopy(piece, p, blob, row * rowBytes + column * s, Math.min(s, piece.length - p));
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
