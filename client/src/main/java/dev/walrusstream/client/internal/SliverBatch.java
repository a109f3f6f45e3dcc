package dev.walrusstream.client.internal;

import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of a sliver-batch upload ({@code PUT /v1/blobs/{id}/slivers}): BCS
 * {@code Vec<(u16 pair index, u8 type: 0 primary / 1 secondary, Vec<u8> SliverData)>}, each
 * {@code SliverData} exactly what the single-sliver PUT carries. Written straight from the slivers'
 * symbol arrays, without a per-sliver copy.
 */
public record SliverBatch(List<Entry> entries) {
    /** One sliver of the batch and the pair it belongs to. */
    public record Entry(int pairIndex, Sliver sliver) {
    }

    public SliverBatch {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a sliver batch needs at least one sliver");
        }
        entries = List.copyOf(entries);
    }

    /** Bytes this entry takes in the body. */
    static long size(Sliver s) {
        long data = s.data().length;
        long sliverData = BcsWriter.uleb128Length(data) + data + 4;
        return 3 + BcsWriter.uleb128Length(sliverData) + sliverData;
    }

    public byte[] toBcs() {
        long total = BcsWriter.uleb128Length(entries.size());
        for (Entry e : entries) {
            total += size(e.sliver());
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a sliver batch of " + total + " bytes does not fit one request");
        }
        // written in place into the one array sent: no growing buffer, no final copy
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate((int) total).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        uleb128(out, entries.size());
        for (Entry e : entries) {
            Sliver s = e.sliver();
            int data = s.data().length;
            out.putShort((short) e.pairIndex()).put((byte) (s.type() == SliverType.PRIMARY ? 0 : 1));
            uleb128(out, BcsWriter.uleb128Length(data) + data + 4L);
            uleb128(out, data);
            out.put(s.data()).putShort((short) s.symbolSize()).putShort((short) s.index());
        }
        return out.array();
    }

    /**
     * The same bytes as {@link #toBcs()}, as a body that references the slivers' symbol arrays instead of
     * copying them: only each entry's few header and trailer bytes are new arrays.
     */
    public BodySegments body() {
        BodySegments.Builder b = BodySegments.builder();
        b.add(uleb128Bytes(entries.size()));
        for (Entry e : entries) {
            Sliver s = e.sliver();
            int data = s.data().length;
            long sliverData = BcsWriter.uleb128Length(data) + data + 4L;
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(3 + BcsWriter.uleb128Length(sliverData)
                    + BcsWriter.uleb128Length(data)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            head.putShort((short) e.pairIndex()).put((byte) (s.type() == SliverType.PRIMARY ? 0 : 1));
            uleb128(head, sliverData);
            uleb128(head, data);
            b.add(head.array());
            b.add(s.data());
            b.add(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) s.symbolSize()).putShort((short) s.index()).array());
        }
        return b.build();
    }

    private static byte[] uleb128Bytes(long value) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(BcsWriter.uleb128Length(value));
        uleb128(out, value);
        return out.array();
    }

    private static void uleb128(java.nio.ByteBuffer out, long value) {
        while (value >= 0x80) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /** Cuts the slivers into batches of at most {@code maxBytes} each (a larger sliver goes alone). */
    public static List<SliverBatch> split(List<Entry> entries, long maxBytes) {
        List<SliverBatch> out = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        long bytes = 0;
        for (Entry e : entries) {
            long size = size(e.sliver());
            if (!current.isEmpty() && bytes + size > maxBytes) {
                out.add(new SliverBatch(current));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(e);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(new SliverBatch(current));
        }
        return out;
    }
}
