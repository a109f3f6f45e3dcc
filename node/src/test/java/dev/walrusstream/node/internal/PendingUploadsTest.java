package dev.walrusstream.node.internal;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.SliverType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingUploadsTest {
    static final EncodedBlob BLOB = RedStuff.create().encode(10, new byte[5000]);
    static final BlobId ID = BLOB.blobId();
    static final BlobMetadata META = BLOB.metadata();

    @Test
    void buffersWithinItsByteLimit() {
        byte[] sliver = BLOB.pairPrimary(0).toBcs();
        long metaSize = 10 * 66L + 16;
        PendingUploads cache = new PendingUploads(metaSize + sliver.length, Duration.ofMinutes(1));
        assertEquals(PendingUploads.Put.GONE, cache.putSliver(ID, SliverType.PRIMARY, 0, sliver), "metadata comes first");
        assertTrue(cache.putMetadata(ID, META));
        assertFalse(cache.putMetadata(ID, META));
        assertEquals(PendingUploads.Put.ADDED, cache.putSliver(ID, SliverType.PRIMARY, 0, sliver));
        assertEquals(PendingUploads.Put.ALREADY, cache.putSliver(ID, SliverType.PRIMARY, 0, sliver));
        assertEquals(metaSize + sliver.length, cache.bytes());
        NodeError full = assertThrows(NodeError.class, () -> cache.putSliver(ID, SliverType.SECONDARY, 0,
                BLOB.pairSecondary(0).toBcs()));
        assertEquals("CACHE_SATURATED", full.reason());
        assertEquals(1, cache.remove(ID).slivers().size());
        assertEquals(0, cache.bytes());
        assertEquals(PendingUploads.Put.GONE, cache.putSliver(ID, SliverType.PRIMARY, 1, sliver), "flushed: nothing to join");
    }

    @Test
    void refusesUploadsLargerThanTheCacheAndForgetsOldOnes() throws Exception {
        PendingUploads tiny = new PendingUploads(100, Duration.ofMinutes(1));
        assertEquals("SLIVER_TOO_LARGE", assertThrows(NodeError.class, () -> tiny.putMetadata(ID, META)).reason());
        PendingUploads shortLived = new PendingUploads(1 << 20, Duration.ofMillis(20));
        shortLived.putMetadata(ID, META);
        Thread.sleep(50);
        assertNull(shortLived.metadata(ID));
        assertEquals(0, shortLived.bytes());
    }
}
