package dev.walrusstream.node.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a node records of its epoch syncs survives a restart (a real RocksDB, reopened). */
class NodeStoreSyncRecordTest {
    @TempDir
    Path dir;

    @Test
    void heldShardsAndTheTransferCountAreKeptAcrossReopening() {
        try (NodeStore store = NodeStore.open(dir)) {
            assertEquals(Optional.empty(), store.heldShards(), "a new store has no record: the node decides from the committee");
            assertEquals(0, store.transferredSlivers());
            store.putHeldShards(new NodeStore.HeldShards(3, new TreeSet<>(java.util.List.of(7, 2, 5))));
            store.putTransferredSlivers(18);
        }
        try (NodeStore store = NodeStore.open(dir)) {
            NodeStore.HeldShards held = store.heldShards().orElseThrow();
            assertEquals(3, held.epoch());
            assertEquals(java.util.List.of(2, 5, 7), java.util.List.copyOf(held.shards()));
            assertEquals(18, store.transferredSlivers());
            store.putHeldShards(new NodeStore.HeldShards(4, new TreeSet<>()));
            assertEquals(new NodeStore.HeldShards(4, new TreeSet<>()), store.heldShards().orElseThrow(),
                    "a node that owns nothing records an empty set, not no record");
        }
    }
}
