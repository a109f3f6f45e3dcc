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

    /** The previous change must be done before the next starts: node-4 syncs the shards it gained. */
    static void awaitChange(LocalNetwork network) {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (network.stake().epochState().isSyncing()) {
            assertTrue(System.nanoTime() < end, "the change completes: " + network.stake().epochState());
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }
}
