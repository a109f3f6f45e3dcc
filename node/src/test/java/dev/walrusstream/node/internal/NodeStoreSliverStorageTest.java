package dev.walrusstream.node.internal;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's slivers in the sliver log beside RocksDB: slices stored as they are, deletes, restarts, and
 * what earlier versions wrote (the old column family, one file per sliver).
 */
class NodeStoreSliverStorageTest {
    /** Slivers of 143 and 250 KB: the log. */
    static final EncodedBlob BLOB = encode(1, 1_000_000);
    /** Slivers of a few KB: RocksDB. */
    static final EncodedBlob SMALL = encode(3, 20_000);

    @TempDir
    Path dir;

    static EncodedBlob encode(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return RedStuff.create().encode(10, data);
    }

    @Test
    void storesASliceOfABodyAndReadsItBackAfterAReopen() {
        BlobId id = BLOB.blobId();
        byte[] sliver = BLOB.pairPrimary(3).toBcs();
        // the sliver in the middle of a larger body, as in a batch
        byte[] body = new byte[sliver.length + 17];
        Arrays.fill(body, (byte) 0x5A);
        System.arraycopy(sliver, 0, body, 11, sliver.length);
        try (NodeStore store = NodeStore.open(dir)) {
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 3));
            store.putSliver(id, SliverType.PRIMARY, 3, body, 11, sliver.length);
            assertTrue(store.hasSliver(id, SliverType.PRIMARY, 3));
            assertFalse(store.hasSliver(id, SliverType.SECONDARY, 3));
            assertArrayEquals(sliver, store.sliver(id, SliverType.PRIMARY, 3));
            store.syncBlob(id);
        }
        try (NodeStore store = NodeStore.open(dir)) {
            byte[] back = store.sliver(id, SliverType.PRIMARY, 3);
            assertArrayEquals(sliver, back);
            assertEquals(BLOB.pairPrimary(3), Sliver.fromBcs(SliverType.PRIMARY, back));
        }
    }

    @Test
    void largeSliversGoToTheLogSmallOnesToRocksDb() throws Exception {
        try (NodeStore store = NodeStore.open(dir)) {
            assertTrue(BLOB.pairSecondary(0).toBcs().length >= NodeStore.MIN_LOG_BYTES);
            assertTrue(SMALL.pairPrimary(0).toBcs().length < NodeStore.MIN_LOG_BYTES);
            long before = logBytes();
            store.putSliver(SMALL.blobId(), SliverType.PRIMARY, 0, SMALL.pairPrimary(0).toBcs());
            assertEquals(before, logBytes(), "a small sliver does not touch the log");
            store.putSliver(BLOB.blobId(), SliverType.SECONDARY, 0, BLOB.pairSecondary(0).toBcs());
            assertTrue(logBytes() >= before + BLOB.pairSecondary(0).toBcs().length, "the large sliver is in the log");
            assertFalse(Files.exists(dir.resolve(NodeStore.SLIVER_DIR).resolve(hex(BLOB.blobId()).substring(0, 2))),
                    "no file per sliver any more");
            assertArrayEquals(SMALL.pairPrimary(0).toBcs(), store.sliver(SMALL.blobId(), SliverType.PRIMARY, 0));
            assertArrayEquals(BLOB.pairSecondary(0).toBcs(), store.sliver(BLOB.blobId(), SliverType.SECONDARY, 0));
            // the same sliver rewritten small, then large again: the newest always wins
            store.putSliver(BLOB.blobId(), SliverType.SECONDARY, 0, new byte[]{4, 5});
            assertArrayEquals(new byte[]{4, 5}, store.sliver(BLOB.blobId(), SliverType.SECONDARY, 0));
            store.putSliver(BLOB.blobId(), SliverType.SECONDARY, 0, BLOB.pairSecondary(0).toBcs());
            assertArrayEquals(BLOB.pairSecondary(0).toBcs(), store.sliver(BLOB.blobId(), SliverType.SECONDARY, 0));
        }
    }

    @Test
    void aBatchOfSliversIsStoredInOneGoLargeOnesInTheLogSmallOnesInRocksDb() throws Exception {
        BlobId id = BLOB.blobId();
        List<NodeStore.SliverPut> puts = new ArrayList<>();
        // every sliver a slice of one body, as a batch request carries them
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        List<byte[]> expected = new ArrayList<>();
        for (int pair = 0; pair < 4; pair++) {
            expected.add(BLOB.pairPrimary(pair).toBcs());
            expected.add(SMALL.pairSecondary(pair).toBcs());
        }
        body.write(new byte[5]);
        for (byte[] e : expected) {
            body.write(e);
        }
        byte[] all = body.toByteArray();
        int offset = 5;
        for (int i = 0; i < expected.size(); i++) {
            puts.add(new NodeStore.SliverPut(i % 2 == 0 ? SliverType.PRIMARY : SliverType.SECONDARY, i / 2, all, offset,
                    expected.get(i).length));
            offset += expected.get(i).length;
        }
        try (NodeStore store = NodeStore.open(dir)) {
            long before = logBytes();
            store.putSlivers(id, puts);
            long large = 0;
            for (int i = 0; i < expected.size(); i += 2) {
                large += expected.get(i).length;
            }
            long grew = logBytes() - before;
            assertTrue(grew >= large && grew < large + 4096 * 2, "the four large slivers in one padded write: " + grew
                    + " bytes for " + large);
            store.syncBlob(id);
        }
        try (NodeStore store = NodeStore.open(dir)) {
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), store.sliver(id, i % 2 == 0 ? SliverType.PRIMARY : SliverType.SECONDARY,
                        i / 2), "sliver " + i);
            }
        }
    }

    private long logBytes() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(SliverLog.DIR))) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String hex(BlobId id) {
        return java.util.HexFormat.of().formatHex(id.bytes());
    }

    /** Writes a sliver where the previous version of the node put it: a file of its own. */
    private Path writeAsEarlierVersionFile(BlobId id, SliverType type, int pair, byte[] bcs) throws Exception {
        Path blobDir = dir.resolve(NodeStore.SLIVER_DIR).resolve(hex(id).substring(0, 2)).resolve(hex(id));
        Files.createDirectories(blobDir);
        return Files.write(blobDir.resolve((type == SliverType.PRIMARY ? "p" : "s") + pair), bcs);
    }

    @Test
    void deletesOneSliverOrAllOfABlob() {
        BlobId id = BLOB.blobId();
        BlobId other = encode(2, 20_000).blobId();
        try (NodeStore store = NodeStore.open(dir)) {
            for (int pair = 0; pair < 3; pair++) {
                store.putSliver(id, SliverType.PRIMARY, pair, BLOB.pairPrimary(pair).toBcs());
                store.putSliver(id, SliverType.SECONDARY, pair, BLOB.pairSecondary(pair).toBcs());
            }
            store.putSliver(other, SliverType.PRIMARY, 0, new byte[]{1, 2, 3});
            store.deleteSliver(id, SliverType.SECONDARY, 1);
            assertFalse(store.hasSliver(id, SliverType.SECONDARY, 1));
            assertTrue(store.hasSliver(id, SliverType.PRIMARY, 1));
            store.deleteBlobData(id);
            for (int pair = 0; pair < 3; pair++) {
                assertNull(store.sliver(id, SliverType.PRIMARY, pair));
                assertFalse(store.hasSliver(id, SliverType.SECONDARY, pair));
            }
            assertArrayEquals(new byte[]{1, 2, 3}, store.sliver(other, SliverType.PRIMARY, 0), "other blobs stay");
            // a blob without files deletes cleanly, a sync of it does nothing
            store.deleteBlobData(id);
            store.syncBlob(id);
        }
    }

    @Test
    void aDeletionWhileAPutWritesLeavesNoSliverAndNoLiveBytes() throws Exception {
        BlobId id = BLOB.blobId();
        List<Path> segments;
        try (NodeStore store = NodeStore.open(dir)) {
            // the blob's data deleted after the put's bytes are in the log, before the put records them
            store.onLogWritten(() -> store.deleteBlobData(id));
            store.putSliver(id, SliverType.PRIMARY, 5, BLOB.pairPrimary(5).toBcs());
            store.onLogWritten(() -> { });
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 5), "a deleted blob keeps no sliver");
            assertNull(store.sliver(id, SliverType.PRIMARY, 5));
            // a put that begins after the deletion stores as usual
            byte[] later = BLOB.pairSecondary(5).toBcs();
            store.putSliver(id, SliverType.SECONDARY, 5, later);
            assertArrayEquals(later, store.sliver(id, SliverType.SECONDARY, 5));
            store.deleteBlobData(id);
            try (Stream<Path> files = Files.list(dir.resolve(SliverLog.DIR))) {
                segments = files.toList();
            }
        }
        assertFalse(segments.isEmpty(), "both puts wrote to the log");
        try (NodeStore store = NodeStore.open(dir)) {
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 5));
            // nothing points into those segments any more (a location recorded after the deletion would), so
            // the open deletes them
            for (Path segment : segments) {
                assertFalse(Files.exists(segment), segment + " still has live bytes");
            }
        }
    }

    @Test
    void aRewriteReplacesTheSliverWhole() {
        BlobId id = BLOB.blobId();
        try (NodeStore store = NodeStore.open(dir)) {
            store.putSliver(id, SliverType.PRIMARY, 0, new byte[100_000]);
            byte[] shorter = BLOB.pairPrimary(0).toBcs();
            store.putSliver(id, SliverType.PRIMARY, 0, shorter);
            assertArrayEquals(shorter, store.sliver(id, SliverType.PRIMARY, 0));
        }
    }

    @Test
    void bytesAKilledWriteLeftInTheLogAreNoSliverAndTheirSegmentGoes() throws Exception {
        BlobId id = BLOB.blobId();
        byte[] sliver = BLOB.pairSecondary(2).toBcs();
        try (NodeStore store = NodeStore.open(dir)) {
            store.putSliver(id, SliverType.SECONDARY, 2, sliver);
        }
        // what a process killed after the bytes but before their location leaves: bytes nothing points at,
        // in a segment of their own (every start appends to a new segment)
        Path orphan = dir.resolve(SliverLog.DIR).resolve("seg-00000099.log");
        Files.write(orphan, BLOB.pairPrimary(4).toBcs());
        // and a temporary file of the version that wrote one file per sliver
        Path torn = dir.resolve(NodeStore.SLIVER_DIR).resolve("ab").resolve("ab00").resolve("p4.99.tmp");
        Files.createDirectories(torn.getParent());
        Files.write(torn, new byte[]{9, 9, 9});
        try (NodeStore store = NodeStore.open(dir)) {
            assertFalse(Files.exists(orphan), "a segment nothing points at is deleted on open");
            assertFalse(Files.exists(torn), "the temporary file is removed on open");
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 4), "a torn write is no sliver");
            assertArrayEquals(sliver, store.sliver(id, SliverType.SECONDARY, 2));
            assertStoredAgain(store, id, SliverType.PRIMARY, 4, BLOB.pairPrimary(4).toBcs());
        }
    }

    @Test
    void aSegmentGoneWhileTheIndexStillNamesItIsDroppedNotFatal() throws Exception {
        BlobId id = BLOB.blobId();
        try (NodeStore store = NodeStore.open(dir)) {
            store.putSliver(id, SliverType.PRIMARY, 0, BLOB.pairPrimary(0).toBcs());
            store.syncBlob(id);
        }
        // a machine crash after the segment was deleted (its last sliver released) but before the index
        // made that release durable: the index names a segment that is not on disk
        Path segment = dir.resolve(SliverLog.DIR).resolve("seg-00000001.log");
        assertTrue(Files.exists(segment));
        Files.delete(segment);
        try (NodeStore store = NodeStore.open(dir)) {
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 0), "the stale location is dropped: the sliver is lost");
            assertNull(store.sliver(id, SliverType.PRIMARY, 0));
            assertStoredAgain(store, id, SliverType.PRIMARY, 0, BLOB.pairPrimary(0).toBcs());
        }
        try (Stream<Path> s = Files.list(dir.resolve(SliverLog.DIR))) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().equals("seg-00000001.log")),
                    "segment numbers the index named are not used again");
        }
    }

    @Test
    void aSliverWhoseBytesChangedOnDiskIsDroppedAsLostNotServed() throws Exception {
        BlobId id = BLOB.blobId();
        byte[] p1 = BLOB.pairPrimary(1).toBcs();
        try (NodeStore store = NodeStore.open(dir)) {
            store.putSliver(id, SliverType.PRIMARY, 1, p1);
            store.putSliver(id, SliverType.SECONDARY, 1, BLOB.pairSecondary(1).toBcs());
            store.syncBlob(id);
        }
        // the first sliver's bytes as a machine crash could leave them: not what was written
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(
                dir.resolve(SliverLog.DIR).resolve("seg-00000001.log").toFile(), "rw")) {
            f.seek(100);
            f.write(new byte[64]);
        }
        try (NodeStore store = NodeStore.open(dir)) {
            assertTrue(store.hasSliver(id, SliverType.PRIMARY, 1), "until it is read, the index says it is held");
            assertNull(store.sliver(id, SliverType.PRIMARY, 1), "changed bytes are never served");
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 1), "the sliver counts as lost once found");
            assertArrayEquals(BLOB.pairSecondary(1).toBcs(), store.sliver(id, SliverType.SECONDARY, 1));
            assertStoredAgain(store, id, SliverType.PRIMARY, 1, p1); // rebuilt, as recovery would
        }
    }

    @Test
    void sliversEarlierVersionsWroteAsFilesAreStillServedReplacedAndDeleted() throws Exception {
        BlobId id = BLOB.blobId();
        byte[] p0 = BLOB.pairPrimary(0).toBcs();
        byte[] s1 = BLOB.pairSecondary(1).toBcs();
        Path p0File = writeAsEarlierVersionFile(id, SliverType.PRIMARY, 0, p0);
        writeAsEarlierVersionFile(id, SliverType.SECONDARY, 1, s1);
        try (NodeStore store = NodeStore.open(dir)) {
            assertTrue(store.hasSliver(id, SliverType.PRIMARY, 0));
            assertArrayEquals(p0, store.sliver(id, SliverType.PRIMARY, 0));
            assertArrayEquals(s1, store.sliver(id, SliverType.SECONDARY, 1));
            store.syncBlob(id);
            store.putSliver(id, SliverType.PRIMARY, 0, p0); // rewritten: now in the log, the old file is gone
            assertFalse(Files.exists(p0File));
            assertArrayEquals(p0, store.sliver(id, SliverType.PRIMARY, 0));
            store.deleteBlobData(id);
            assertFalse(store.hasSliver(id, SliverType.SECONDARY, 1));
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 0));
        }
    }

    @Test
    void sliversEarlierVersionsWroteToRocksDbAreStillServedAndDeleted() throws Exception {
        BlobId id = BLOB.blobId();
        byte[] sliver = BLOB.pairPrimary(5).toBcs();
        // what an earlier version of the node wrote: the sliver in the column family "slivers", and no
        // column family "sliver-locations" yet (the store adds it when it opens the database)
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, dir.toString(), List.of(
                     new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                     new ColumnFamilyDescriptor("metadata".getBytes(StandardCharsets.UTF_8)),
                     new ColumnFamilyDescriptor("slivers".getBytes(StandardCharsets.UTF_8), NodeStore.sliverOptions()),
                     new ColumnFamilyDescriptor("blobs".getBytes(StandardCharsets.UTF_8))), handles)) {
            db.put(handles.get(2), NodeStore.sliverKey(id, SliverType.PRIMARY, 5), sliver);
            handles.forEach(ColumnFamilyHandle::close);
        }
        try (NodeStore store = NodeStore.open(dir)) {
            assertTrue(store.hasSliver(id, SliverType.PRIMARY, 5));
            assertArrayEquals(sliver, store.sliver(id, SliverType.PRIMARY, 5));
            store.deleteSliver(id, SliverType.PRIMARY, 5);
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 5));
            assertNull(store.sliver(id, SliverType.PRIMARY, 5));
        }
    }

    /** A sliver the store lost is written again, as recovery would, and reads back whole. */
    private static void assertStoredAgain(NodeStore store, BlobId id, SliverType type, int index, byte[] bcs) {
        store.putSliver(id, type, index, bcs);
        assertArrayEquals(bcs, store.sliver(id, type, index));
    }
}
