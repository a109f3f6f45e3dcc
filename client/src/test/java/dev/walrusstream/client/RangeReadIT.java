package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 1 MiB range inside one 100 MiB blob at n = 100 fetches only the systematic primary slivers that
 * hold it: counted on the wire, at most a quarter of what a full read moves. With a node holding one
 * of those slivers down, the read falls back to a full verified decode and still returns the bytes.
 */
class RangeReadIT {
    @TempDir
    Path dir;

    @Test
    void oneMebibyteOfAHundredMovesAQuarterAtMost() throws Exception {
        int size = 100 << 20;
        byte[] data = Networks.random(size, 42);
        try (LocalNetwork network = Networks.start(dir, 10, 100); StorageClient client = Clients.client(network)) {
            StoreResult stored = client.store(data, StoreOptions.permanent(2));
            assertTrue(stored.isStored(), stored.toString());
            BlobId id = stored.blobId();

            long before = client.bytesReceived();
            byte[] whole = client.read(id);
            long full = client.bytesReceived() - before;
            assertArrayEquals(data, whole);
            whole = null;

            long offset = 57L * (1 << 20) + 12_345;
            before = client.bytesReceived();
            RangeRead range = client.readRange(id, offset, 1 << 20);
            long ranged = client.bytesReceived() - before;
            assertArrayEquals(Arrays.copyOfRange(data, (int) offset, (int) offset + (1 << 20)), range.data());
            assertFalse(range.fullDecode());
            System.out.printf("range read: 1 MiB of a 100 MiB blob at n = 100 moved %,d bytes; a full read moved %,d "
                    + "(%.1f%%), rows %s%n", ranged, full, 100.0 * ranged / full, range.rowsFetched());
            assertTrue(ranged * 4 <= full, "a 1 MiB range moved " + ranged + " bytes, a full read " + full);

            BlobMetadata metadata = client.metadata(id);
            int row = range.rowsFetched().get(0);
            int node = Networks.nodeOfPair(network, id, row);
            network.stopNode(node);
            RangeRead fallback = client.readRange(id, offset, 1 << 20);
            assertTrue(fallback.fullDecode(), "row " + row + " lives on stopped node " + node + "; the read must fall back");
            assertArrayEquals(range.data(), fallback.data());
            assertTrue(metadata.unencodedLength() == size);
        }
    }
}
