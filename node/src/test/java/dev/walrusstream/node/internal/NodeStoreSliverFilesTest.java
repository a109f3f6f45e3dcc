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

/** The node's slivers as files beside RocksDB: slices stored as they are, deletes, restarts, and the old column family. */
class NodeStoreSliverFilesTest {
    /** Slivers of 143 and 250 KB: files. */
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
    void largeSliversAreFilesSmallOnesAreNot() throws Exception {
        try (NodeStore store = NodeStore.open(dir)) {
            assertTrue(BLOB.pairSecondary(0).toBcs().length >= NodeStore.MIN_FILE_BYTES);
            assertTrue(SMALL.pairPrimary(0).toBcs().length < NodeStore.MIN_FILE_BYTES);
            store.putSliver(BLOB.blobId(), SliverType.SECONDARY, 0, BLOB.pairSecondary(0).toBcs());
            store.putSliver(SMALL.blobId(), SliverType.PRIMARY, 0, SMALL.pairPrimary(0).toBcs());
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir.resolve(NodeStore.SLIVER_DIR))) {
                files = s.filter(Files::isRegularFile).toList();
            }
            assertEquals(1, files.size(), files.toString());
            assertEquals("s0", files.get(0).getFileName().toString());
            assertTrue(files.get(0).getParent().getFileName().toString()
                    .equals(java.util.HexFormat.of().formatHex(BLOB.blobId().bytes())));
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
    void opensWithoutTheTemporaryFilesACrashLeft() throws Exception {
        BlobId id = BLOB.blobId();
        byte[] sliver = BLOB.pairSecondary(2).toBcs();
        Path file;
        try (NodeStore store = NodeStore.open(dir)) {
            store.putSliver(id, SliverType.SECONDARY, 2, sliver);
            file = Files.list(dir.resolve(NodeStore.SLIVER_DIR)).findFirst().orElseThrow();
        }
        Path blobDir;
        try (Stream<Path> s = Files.list(file)) {
            blobDir = s.findFirst().orElseThrow();
        }
        // what a process killed in the middle of a write leaves: a half-written temporary file
        Path torn = blobDir.resolve("p4.99.tmp");
        Files.write(torn, new byte[]{9, 9, 9});
        try (NodeStore store = NodeStore.open(dir)) {
            assertFalse(Files.exists(torn), "the temporary file is removed on open");
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 4), "a torn write is no sliver");
            assertArrayEquals(sliver, store.sliver(id, SliverType.SECONDARY, 2));
        }
    }

    @Test
    void sliversEarlierVersionsWroteToRocksDbAreStillServedAndDeleted() throws Exception {
        BlobId id = BLOB.blobId();
        byte[] sliver = BLOB.pairPrimary(5).toBcs();
        try (NodeStore store = NodeStore.open(dir)) {
            assertFalse(store.hasSliver(id, SliverType.PRIMARY, 5));
        }
        // what an earlier version of the node wrote: the sliver in the column family "slivers"
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
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
}
