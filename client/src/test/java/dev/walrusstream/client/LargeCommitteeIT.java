package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * n = 1000 shards (Walrus mainnet's count) over 10 nodes of 100 shards each, with small blobs:
 * store and read; a write with 3 nodes (300 shards ≤ f = 333) down still certifies; a read with
 * 6 nodes (600 shards ≤ 2f = 666) down still returns the exact bytes.
 */
class LargeCommitteeIT {
    @TempDir
    Path dir;

    @Test
    void thousandShardsOverTenNodes() throws Exception {
        try (LocalNetwork network = Networks.start(dir, 10, 1000); StorageClient client = Clients.client(network)) {
            byte[] empty = new byte[0];
            byte[] small = Networks.random(3000, 1000);
            StoreResult.NewlyCreated a = assertInstanceOf(StoreResult.NewlyCreated.class,
                    client.store(empty, StoreOptions.permanent(2)));
            assertEquals(BlobId.parse("3GPQL3HZNnFhN_F7l5Aa-X1VOtAKwIsg9zuWk8R81v4"), a.blobId(),
                    "the empty blob's ID at n = 1000 from the official encoder");
            assertEquals(66_034_000, a.resourceOperation().encodedLength());
            assertArrayEquals(empty, client.read(a.blobId()));
            byte[] medium = Networks.random(150_000, 1001);
            StoreResult.NewlyCreated m = assertInstanceOf(StoreResult.NewlyCreated.class,
                    client.store(medium, StoreOptions.permanent(2)));
            assertArrayEquals(medium, client.read(m.blobId()));

            List.of(7, 8, 9).forEach(network::stopNode);
            StoreResult.NewlyCreated b = assertInstanceOf(StoreResult.NewlyCreated.class,
                    client.store(small, StoreOptions.permanent(2)));
            assertEquals(7, b.confirmedBy().size());

            List.of(1, 3, 5).forEach(network::stopNode);
            assertArrayEquals(small, client.read(b.blobId()));
            assertArrayEquals(empty, client.read(a.blobId()));
            assertArrayEquals(medium, client.read(m.blobId()));
        }
    }
}
