package dev.walrusstream.node.internal;

import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.bcs.BcsWriter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sliver batch body is parsed into slices of itself, each exactly the SliverData its entry carries. */
class SliverBatchParseTest {
    static final EncodedBlob BLOB = RedStuff.create().encode(10, new byte[7000]);

    static byte[] batch(Sliver... slivers) {
        BcsWriter w = new BcsWriter(1024);
        w.uleb128(slivers.length);
        for (Sliver s : slivers) {
            int pair = s.type() == SliverType.PRIMARY ? s.index() : BLOB.params().pairOfSliver(s.type(), s.index());
            w.u16(pair).u8(s.type() == SliverType.PRIMARY ? 0 : 1).bytes(s.toBcs());
        }
        return w.toByteArray();
    }

    @Test
    void entriesAreSlicesOfTheBodyNotCopies() {
        Sliver p = BLOB.pairPrimary(2);
        Sliver s = BLOB.pairSecondary(7);
        byte[] body = batch(p, s);
        List<NodeService.SliverUpload> uploads = RestHandler.parseBatch(body);
        assertEquals(2, uploads.size());
        NodeService.SliverUpload first = uploads.get(0);
        assertSame(body, first.buffer());
        assertEquals(2, first.pairIndex());
        assertEquals(SliverType.PRIMARY, first.type());
        assertTrue(Arrays.equals(p.toBcs(), Arrays.copyOfRange(body, first.offset(), first.offset() + first.length())));
        assertEquals(p, Sliver.fromBcs(SliverType.PRIMARY, body, first.offset(), first.length()));
        NodeService.SliverUpload second = uploads.get(1);
        assertSame(body, second.buffer());
        assertEquals(7, second.pairIndex());
        assertEquals(s, Sliver.fromBcs(SliverType.SECONDARY, body, second.offset(), second.length()));
        assertEquals(body.length, second.offset() + second.length(), "the last entry ends the body");
    }

    @Test
    void anEntryLongerThanTheBodyIsRefusedNamingItsOffset() {
        byte[] body = batch(BLOB.pairPrimary(1));
        byte[] cut = Arrays.copyOf(body, body.length - 10);
        NodeError e = assertThrows(NodeError.class, () -> RestHandler.parseBatch(cut));
        assertEquals("INVALID_BATCH", e.reason());
        assertTrue(e.getMessage().contains("entry 0") && e.getMessage().contains("offset 4"), e.getMessage());
    }

    @Test
    void trailingBytesAfterTheLastEntryAreRefused() {
        byte[] body = batch(BLOB.pairPrimary(1));
        byte[] longer = Arrays.copyOf(body, body.length + 3);
        NodeError e = assertThrows(NodeError.class, () -> RestHandler.parseBatch(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void aSliceOutsideItsBufferIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new NodeService.SliverUpload(0, SliverType.PRIMARY, new byte[10], 5, 6));
        assertThrows(dev.walrusstream.codec.bcs.BcsException.class,
                () -> Sliver.fromBcs(SliverType.PRIMARY, new byte[10], 8, 4));
    }
}
