package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.client.internal.ReadSession;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.node.internal.NodeStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on a 10-node, 10-shard network (one shard per node, f = 3): writes certify with f nodes
 * down, reads return the exact bytes with 2f nodes down or lying, a node serving corrupted
 * slivers is detected and skipped, nodes that missed uploads or lost their disk recover their
 * slivers from peers, and a restart of the whole network keeps every certified blob readable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {
    static final int N = 10;
    static final RedStuff CODEC = RedStuff.create();

    @TempDir
    static Path dir;
    LocalNetwork network;
    StorageClient client;
    final Map<BlobId, byte[]> stored = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        network = Networks.start(dir, N, N);
        client = Clients.client(network);
    }

    @AfterAll
    void stop() {
        client.close();
        network.close();
    }

    private StoreResult.NewlyCreated store(byte[] data) throws InterruptedException {
        StoreResult r = client.store(data, StoreOptions.permanent(5));
        StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
        stored.put(created.blobId(), data);
        return created;
    }

    private void assertHoldsExactSlivers(int node, BlobId id) throws Exception {
        EncodedBlob encoded = CODEC.encode(N, stored.get(id));
        for (int pair : Networks.pairsOf(network, node, id)) {
            assertArrayEquals(encoded.pairPrimary(pair).toBcs(), Networks.sliver(network, node, id, pair, "primary"));
            assertArrayEquals(encoded.pairSecondary(pair).toBcs(), Networks.sliver(network, node, id, pair, "secondary"));
        }
    }

    @Test
    @Order(1)
    void writeCertifiesWithFNodesDownAndTheyCatchUp() throws Exception {
        List<Integer> down = List.of(7, 8, 9);
        down.forEach(network::stopNode);
        StoreResult.NewlyCreated created = store(Networks.random(100_000, 1));
        assertEquals(7, created.confirmedBy().size(), created.confirmedBy().toString());
        assertEquals(3, created.failedNodes().size(), created.failedNodes().toString());
        assertTrue(created.failedNodes().get(0).contains("did not answer"), created.failedNodes().toString());
        for (int i : down) {
            network.startNode(i);
        }
        for (int i : down) {
            Networks.awaitFullyStored(network, i, created.blobId(), Duration.ofSeconds(60));
            assertHoldsExactSlivers(i, created.blobId());
            assertTrue(network.node(i).recoveredSlivers() >= 2, "node " + i + " must have rebuilt its slivers");
        }
    }

    @Test
    @Order(2)
    void readReturnsExactBytesWith2fNodesDown() throws Exception {
        StoreResult.NewlyCreated created = store(Networks.random(250_000, 2));
        List<Integer> down = List.of(0, 2, 4, 6, 8, 9);
        down.forEach(network::stopNode);
        try {
            assertArrayEquals(stored.get(created.blobId()), client.read(created.blobId()));
            for (BlobId earlier : stored.keySet()) {
                assertArrayEquals(stored.get(earlier), client.read(earlier));
            }
        } finally {
            for (int i : down) {
                network.startNode(i);
            }
        }
    }

    @Test
    @Order(3)
    void corruptedSliversAreDetectedAndIgnored() throws Exception {
        StoreResult.NewlyCreated created = store(Networks.random(40_000, 3));
        BlobId id = created.blobId();
        Networks.awaitFullyStored(network, 0, id, Duration.ofSeconds(30));
        // the liar holds systematic pair 0, which readers fetch first
        int liar = Networks.nodeOfPair(network, id, 0);
        Networks.awaitFullyStored(network, liar, id, Duration.ofSeconds(30));
        network.stopNode(liar);
        try (NodeStore store = NodeStore.open(network.nodeDataDir(liar))) {
            for (int pair : Networks.pairsOf(network, liar, id)) {
                Sliver s = Sliver.fromBcs(SliverType.PRIMARY, store.sliver(id, SliverType.PRIMARY, pair));
                byte[] flipped = s.data().clone();
                flipped[flipped.length / 2] ^= 0x55;
                store.putSliver(id, SliverType.PRIMARY, pair, new Sliver(SliverType.PRIMARY, s.index(), s.symbolSize(),
                        flipped).toBcs());
            }
        }
        network.startNode(liar);
        // five more nodes down: with the liar, 2f = 6 shards are down or lying, exactly n − 2f = 4 honest remain
        List<Integer> down = new ArrayList<>();
        for (int i = 0; i < N && down.size() < 5; i++) {
            if (i != liar) {
                down.add(i);
            }
        }
        down.forEach(network::stopNode);
        try {
            ReadResult result = client.readDetailed(id);
            assertArrayEquals(stored.get(id), result.data());
            String liarName = network.node(liar).name();
            String problem = result.nodeProblems().entrySet().stream().filter(e -> e.getKey().startsWith(liarName))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(
                            "the corrupted node was not reported: " + result.nodeProblems()));
            assertTrue(problem.contains("does not verify"), problem);
        } finally {
            for (int i : down) {
                network.startNode(i);
            }
        }
    }

    @Test
    @Order(4)
    void wipedNodeRecoversItsSliversFromPeers() throws Exception {
        int victim = 5;
        for (BlobId id : stored.keySet()) {
            Networks.awaitFullyStored(network, victim, id, Duration.ofSeconds(30));
        }
        network.stopNode(victim);
        network.wipeNode(victim);
        network.startNode(victim);
        for (BlobId id : stored.keySet()) {
            Networks.awaitFullyStored(network, victim, id, Duration.ofSeconds(60));
            assertHoldsExactSlivers(victim, id);
        }
        assertTrue(network.node(victim).recoveredSlivers() >= 2 * stored.size());
    }

    @Test
    @Order(5)
    void wholeNetworkRestartKeepsEveryCertifiedBlobReadable() throws Exception {
        client.close();
        network.close();
        network = Networks.start(dir, N, N);
        client = Clients.client(network);
        for (Map.Entry<BlobId, byte[]> e : stored.entrySet()) {
            assertArrayEquals(e.getValue(), client.read(e.getKey()));
        }
        assertInstanceOf(StoreResult.AlreadyCertified.class, client.store(stored.values().iterator().next(),
                StoreOptions.permanent(2)));
    }
}
