package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health gate's input on a real committee: stopping nodes takes their shards out of the healthy
 * count until fewer than n − f remain (writes would wait), and starting one again lets writes go.
 */
class ShardHealthIT {
    @TempDir
    Path dir;

    @Test
    void healthyShardsFollowNodesStoppingAndStarting() throws Exception {
        try (LocalNetwork network = Networks.start(dir.resolve("net"), 4, 10);
             StorageClient client = Clients.client(network)) {
            StorageClient.ShardHealth all = client.shardHealth();
            assertEquals(new StorageClient.ShardHealth(10, 10, 7), all);
            assertTrue(all.writable());

            network.stopNode(0);
            int afterOne = 10 - network.shardsOf(0).size();
            StorageClient.ShardHealth one = client.shardHealth();
            assertEquals(afterOne, one.healthy());
            assertTrue(one.writable(), "f = 3 shards may be down: " + one);

            network.stopNode(1);
            StorageClient.ShardHealth two = client.shardHealth();
            assertEquals(afterOne - network.shardsOf(1).size(), two.healthy());
            assertFalse(two.writable(), "fewer than n - f = 7 shards healthy: " + two);

            network.startNode(1);
            StorageClient.ShardHealth back = client.shardHealth();
            assertEquals(afterOne, back.healthy());
            assertTrue(back.writable(), back.toString());
        }
    }
}
