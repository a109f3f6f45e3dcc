package dev.walrusstream.client.internal;

import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sliver-batch body: BCS Vec<(u16 pair, u8 type, Vec<u8> SliverData)>, cut at the byte bound. */
class SliverBatchTest {
    static final EncodedBlob BLOB = blob();

    static EncodedBlob blob() {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        return RedStuff.create().encode(10, data);
    }

    static List<SliverBatch.Entry> entries(int... pairs) {
        List<SliverBatch.Entry> out = new ArrayList<>();
        for (int p : pairs) {
            out.add(new SliverBatch.Entry(p, BLOB.pairPrimary(p)));
            out.add(new SliverBatch.Entry(p, BLOB.pairSecondary(p)));
        }
        return out;
    }

    @Test
    void bodyIsTheBcsVectorOfPairTypeAndSliverData() {
        List<SliverBatch.Entry> entries = entries(7, 2, 9);
        BcsWriter reference = new BcsWriter();
        reference.uleb128(entries.size());
        for (SliverBatch.Entry e : entries) {
            reference.u16(e.pairIndex()).u8(e.sliver().type() == SliverType.PRIMARY ? 0 : 1).bytes(e.sliver().toBcs());
        }
        byte[] body = new SliverBatch(entries).toBcs();
        assertArrayEquals(reference.toByteArray(), body);
        // the body sent without copying the slivers holds the same bytes
        BodySegments segments = new SliverBatch(entries).body();
        assertEquals(body.length, segments.length());
        assertArrayEquals(body, segments.toByteArray());
        // and it reads back into the same slivers
        BcsReader r = new BcsReader(body);
        assertEquals(6, r.uleb128());
        for (SliverBatch.Entry e : entries) {
            assertEquals(e.pairIndex(), r.u16());
            SliverType type = r.u8() == 0 ? SliverType.PRIMARY : SliverType.SECONDARY;
            Sliver back = Sliver.fromBcs(type, r.bytes());
            assertEquals(e.sliver().index(), back.index());
            assertArrayEquals(e.sliver().data(), back.data());
        }
        r.expectEnd("batch");
    }

    @Test
    void splitKeepsEachBatchUnderTheBoundAndEverySliverOnce() {
        List<SliverBatch.Entry> entries = entries(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        long one = SliverBatch.size(BLOB.pairPrimary(0)) + SliverBatch.size(BLOB.pairSecondary(0));
        List<SliverBatch> batches = SliverBatch.split(entries, 3 * one);
        assertTrue(batches.size() >= 4, batches.size() + " batches");
        int total = 0;
        for (SliverBatch b : batches) {
            long bytes = b.entries().stream().mapToLong(e -> SliverBatch.size(e.sliver())).sum();
            assertTrue(bytes <= 3 * one, bytes + " > " + 3 * one);
            total += b.entries().size();
        }
        assertEquals(entries.size(), total);
        // a bound below one sliver gives one sliver per batch (the per-sliver PUTs of Walrus nodes)
        assertEquals(entries.size(), SliverBatch.split(entries, 1).size());
        assertThrows(IllegalArgumentException.class, () -> new SliverBatch(List.of()));
    }
}
