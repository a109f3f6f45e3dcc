package dev.walrusstream.app;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committee commands through the launcher: a network with a spare node, nodes removed and added
 * and stake moved on a stopped network (its ledger directly) and on a running one (its LocalChain
 * service), each taking effect at the next epoch change; bad names and options refused with what was wrong.
 */
class EpochCommandsIT {
    @TempDir
    Path dir;

    static int index(LocalNetwork n, String name) {
        for (int i = 0; i < n.manifest().nodes().size(); i++) {
            if (n.manifest().nodes().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void nodesJoinAndLeaveByStakeAtTheNextEpochChange() throws Exception {
        Path net = dir.resolve("net");
        Cli.Run init = Cli.run("net", "init", "--dir", net.toString(), "--nodes", "4", "--shards", "10", "--spares", "1");
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("and 1 spare"), init.out());

        Cli.Run remove = Cli.run("net", "remove-node", "--dir", net.toString(), "--node", "node-0");
        assertEquals(0, remove.exit(), remove.err());
        assertTrue(remove.out().contains("next epoch change"), remove.out());
        Cli.Run add = Cli.run("net", "add-node", "--dir", net.toString(), "--node", "node-4", "--stake", "3");
        assertEquals(0, add.exit(), add.err());

        try (LocalNetwork network = LocalNetwork.open(net).start()) {
            List<Integer> leaving = network.shardsOf(index(network, "node-0"));
            assertTrue(network.shardsOf(index(network, "node-4")).isEmpty(), "nothing changes before the epoch does");
            network.stake().advanceEpoch();
            assertTrue(network.shardsOf(index(network, "node-0")).isEmpty(), "node-0 left");
            assertEquals(leaving, network.shardsOf(index(network, "node-4")), "node-4 joined with node-0's shards");

            // on the running network the command goes to its LocalChain service
            List<Integer> node1 = network.shardsOf(index(network, "node-1"));
            Cli.Run stake = Cli.run("net", "stake", "--dir", net.toString(), "--from", "node-1", "--to", "node-0",
                    "--amount", "3");
            assertEquals(0, stake.exit(), stake.err());
            assertTrue(stake.out().contains("running LocalChain"), stake.out());
            awaitChange(network);
            network.stake().advanceEpoch();
            assertEquals(node1, network.shardsOf(index(network, "node-0")), "node-0 came back with node-1's shards");
            Committee now = network.stake().committee();
            assertEquals(-1, now.indexOf(network.manifest().nodes().get(index(network, "node-1")).nodeId()));
        }

        Cli.Run unknown = Cli.run("net", "stake", "--dir", net.toString(), "--from", "nope", "--to", "node-0",
                "--amount", "1");
        assertNotEquals(0, unknown.exit());
        assertTrue(unknown.err().contains("'nope'") && unknown.err().contains("--from"), unknown.err());
        Cli.Run unknownNode = Cli.run("net", "remove-node", "--dir", net.toString(), "--node", "nobody");
        assertNotEquals(0, unknownNode.exit());
        assertTrue(unknownNode.err().contains("'nobody'") && unknownNode.err().contains("--node")
                && unknownNode.err().contains("node-4"), "names the option, the name and the nodes: " + unknownNode.err());
        Cli.Run churnAlone = Cli.run("net", "start", "--dir", net.toString(), "--churn");
        assertNotEquals(0, churnAlone.exit());
        assertTrue(churnAlone.err().contains("--epoch-duration"), churnAlone.err());
        Cli.Run badDuration = Cli.run("net", "start", "--dir", net.toString(), "--epoch-duration", "soon");
        assertNotEquals(0, badDuration.exit());
        assertTrue(badDuration.err().contains("'soon'"), badDuration.err());
    }

    /** Node {@code i}'s {@code /v1/health} data. */
    static com.fasterxml.jackson.databind.JsonNode health(LocalNetwork network, int i) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(network.node(i).url() + "/v1/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("success").path("data");
    }

    /** Waits until node {@code i} reported the sync of {@code epoch}; returns its health then. */
    static com.fasterxml.jackson.databind.JsonNode awaitSynced(LocalNetwork network, int i, int epoch) throws Exception {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        com.fasterxml.jackson.databind.JsonNode h = health(network, i);
        while (h.path("epochChange").path("syncReportedEpoch").asInt() < epoch) {
            assertTrue(System.nanoTime() < end, "node " + i + " reports the sync of epoch " + epoch + ": " + h);
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            h = health(network, i);
        }
        return h;
    }

    @Test
    void addNodeCreatesABrandNewNodeThatJoinsWithShardsAndRemoveNodeTakesItOut() throws Exception {
        Path net = dir.resolve("net");
        Cli.Run init = Cli.run("net", "init", "--dir", net.toString(), "--nodes", "4", "--shards", "10");
        assertEquals(0, init.exit(), init.err());

        // on the stopped network: keys, directory, manifest entry, and registration with stake on its ledger
        Cli.Run add = Cli.run("net", "add-node", "--dir", net.toString(), "--stake", "3");
        assertEquals(0, add.exit(), add.err());
        assertTrue(add.out().contains("Created storage node node-4"), add.out());
        assertTrue(java.nio.file.Files.exists(net.resolve("nodes/node-4/node.json")), "node.json written");
        assertTrue(java.nio.file.Files.exists(net.resolve("nodes/node-4/bls.key")), "BLS key written");

        try (LocalNetwork network = LocalNetwork.open(net).start();
             dev.walrusstream.client.StorageClient client = new dev.walrusstream.client.StorageClient(
                     new dev.walrusstream.chain.http.LocalChainHttpClient(network.chainUrl(), network.account()),
                     dev.walrusstream.client.ClientOptions.DEFAULTS)) {
            int created = index(network, "node-4");
            assertEquals(5, network.manifest().nodes().size());
            assertTrue(network.node(created) != null, "net start runs the new node with the others");
            assertTrue(network.shardsOf(created).isEmpty(), "registered, not yet in the committee");
            java.util.Map<dev.walrusstream.codec.BlobId, byte[]> blobs = new java.util.LinkedHashMap<>();
            java.util.Random random = new java.util.Random(13);
            for (int i = 0; i < 3; i++) {
                byte[] data = new byte[30_000 + i * 1000];
                random.nextBytes(data);
                blobs.put(client.store(data, dev.walrusstream.client.StoreOptions.permanent(5)).blobId(), data);
            }

            assertEquals(2, network.stake().advanceEpoch());
            List<Integer> gained = network.shardsOf(created);
            assertTrue(!gained.isEmpty(), "stake 3 of 13 earns the new node shards");
            com.fasterxml.jackson.databind.JsonNode h = awaitSynced(network, created, 2);
            for (int s : gained) {
                assertEquals("ready", h.path("shards").path(Integer.toString(s)).asText(), "shard " + s + ": " + h);
            }
            assertEquals(2L * gained.size() * blobs.size(), h.path("epochChange").path("transferredSlivers").asLong(),
                    "every sliver of its shards came from their previous owners: " + h);

            // on the running network: out again through its LocalChain service
            Cli.Run remove = Cli.run("net", "remove-node", "--dir", net.toString(), "--node", "node-4");
            assertEquals(0, remove.exit(), remove.err());
            awaitChange(network);
            assertEquals(3, network.stake().advanceEpoch());
            assertTrue(network.shardsOf(created).isEmpty(), "node-4 left the committee");

            // in-process: a network run by this process creates, registers, stakes and starts the node itself
            awaitChange(network);
            int another = network.addNode(3);
            assertEquals("node-5", network.manifest().nodes().get(another).name());
            assertTrue(network.node(another) != null, "started in this process");
            assertEquals(4, network.stake().advanceEpoch());
            assertTrue(!network.shardsOf(another).isEmpty(), "node-5 joined with shards");
            awaitSynced(network, another, 4);
            for (var b : blobs.entrySet()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(b.getValue(), client.read(b.getKey()));
            }
        }
        assertEquals(6, LocalNetwork.open(net).manifest().nodes().size(), "network.json lists both new nodes");
    }

    /** The previous change must be done before the next starts: node-4 syncs the shards it gained. */
    static void awaitChange(LocalNetwork network) {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (network.stake().epochState().isSyncing()) {
            assertTrue(System.nanoTime() < end, "the change completes: " + network.stake().epochState());
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }
}
