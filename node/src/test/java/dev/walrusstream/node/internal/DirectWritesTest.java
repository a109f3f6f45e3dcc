package dev.walrusstream.node.internal;

import dev.walrusstream.codec.SliverType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code O_DIRECT} sliver writes: exact bytes and lengths whatever the alignment, slices of larger bodies,
 * several chunks, and the probe. The test directory is on the build's disk; a file system without
 * {@code O_DIRECT} there fails the test with the probe's reason in the log, not silently.
 */
class DirectWritesTest {
    @TempDir
    Path dir;

    private DirectWrites direct() {
        Optional<DirectWrites> probed = DirectWrites.probe(dir);
        assertTrue(probed.isPresent(), "the file system under " + dir + " refused O_DIRECT (see the log for why); "
                + "these tests need a disk file system such as ext4 or xfs");
        return probed.get();
    }

    @Test
    void theProbeLeavesNothingBehind() throws Exception {
        direct();
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void writesExactlyTheSliceWhateverItsLengthAndOffset() throws Exception {
        DirectWrites writes = direct();
        Random random = new Random(7);
        int[] lengths = {1, 511, DirectWrites.ALIGN - 1, DirectWrites.ALIGN, DirectWrites.ALIGN + 1, 494_003,
                DirectWrites.CHUNK, DirectWrites.CHUNK + 1, 2 * DirectWrites.CHUNK + 12_345};
        for (int length : lengths) {
            byte[] body = new byte[length + 40];
            random.nextBytes(body);
            int offset = 13; // a sliver inside a batch body starts anywhere
            Path file = dir.resolve("f" + length);
            assertTrue(writes.write(file, body, offset, length));
            byte[] back = Files.readAllBytes(file);
            assertEquals(length, back.length, "length of the file for a " + length + "-byte slice");
            assertArrayEquals(Arrays.copyOfRange(body, offset, offset + length), back, "bytes of a " + length + "-byte slice");
        }
    }

    @Test
    void refusesToReplaceAFileAndGivesBackItsBuffer() throws Exception {
        DirectWrites writes = direct();
        Path file = dir.resolve("taken");
        Files.write(file, new byte[]{1});
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> writes.write(file, new byte[10], 0, 10));
        assertArrayEquals(new byte[]{1}, Files.readAllBytes(file));
        // every buffer is back after the failure: as many writes as buffers succeed at once
        for (int i = 0; i < DirectWrites.BUFFERS + 1; i++) {
            assertTrue(writes.write(dir.resolve("n" + i), new byte[100], 0, 100));
        }
    }

    /** NodeStore end to end: the sliver files are written direct and read back byte for byte after a reopen. */
    @Test
    void aStoreOnThisDiskWritesDirectAndReadsBack() {
        var blob = NodeStoreSliverFilesTest.BLOB;
        byte[] sliver = blob.pairPrimary(1).toBcs();
        try (NodeStore store = NodeStore.open(dir)) {
            assertTrue(SliverFiles.open(dir.resolve(NodeStore.SLIVER_DIR)).writesDirect());
            store.putSliver(blob.blobId(), SliverType.PRIMARY, 1, sliver);
            store.syncBlob(blob.blobId());
        }
        try (NodeStore store = NodeStore.open(dir)) {
            assertArrayEquals(sliver, store.sliver(blob.blobId(), SliverType.PRIMARY, 1));
            assertFalse(store.hasSliver(blob.blobId(), SliverType.SECONDARY, 1));
        }
    }
}
