package dev.walrusstream.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** net add-node, remove-node and stake parsed as picocli parses them: the shared options and their checks. */
class NetStakeCommandsTest {

    @Test
    void everyCommandTakesTheNetworkDirectoryAndTheNodesItActsOn() {
        NetStakeCommands.AddNode add = new NetStakeCommands.AddNode();
        new CommandLine(add).parseArgs("--dir", "n", "--node", "node-4", "--stake", "3");
        assertEquals(Path.of("n"), add.target.dir);
        assertEquals("node-4", add.node);
        assertEquals(3, add.stake);

        NetStakeCommands.RemoveNode remove = new NetStakeCommands.RemoveNode();
        new CommandLine(remove).parseArgs("--node", "node-0", "--dir", "m");
        assertEquals(Path.of("m"), remove.target.dir);
        assertEquals("node-0", remove.node.name);

        NetStakeCommands.Stake stake = new NetStakeCommands.Stake();
        new CommandLine(stake).parseArgs("--dir", "s", "--from", "node-1", "--to", "node-0", "--amount", "2");
        assertEquals(Path.of("s"), stake.target.dir);
        assertEquals("node-1", stake.from);
        assertEquals("node-0", stake.to);
        assertEquals(2, stake.amount);

        NetStakeCommands.AddNode byDefault = new NetStakeCommands.AddNode();
        new CommandLine(byDefault).parseArgs("--dir", "n", "--node", "node-4");
        assertEquals(2, byDefault.stake, "add-node's default stake");
    }

    @Test
    void aMissingOptionIsNamed() {
        assertMissing(new NetStakeCommands.AddNode(), "--dir", "--node", "x");
        NetStakeCommands.AddNode brandNew = new NetStakeCommands.AddNode();
        new CommandLine(brandNew).parseArgs("--dir", "d");
        assertEquals(null, brandNew.node, "add-node without --node creates a new node");
        assertMissing(new NetStakeCommands.RemoveNode(), "--dir", "--node", "x");
        assertMissing(new NetStakeCommands.RemoveNode(), "--node", "--dir", "d");
        assertMissing(new NetStakeCommands.Stake(), "--dir", "--from", "a", "--to", "b", "--amount", "1");
        assertMissing(new NetStakeCommands.Stake(), "--amount", "--dir", "d", "--from", "a", "--to", "b");
    }

    private static void assertMissing(Object command, String missing, String... args) {
        CommandLine.MissingParameterException e = assertThrows(CommandLine.MissingParameterException.class,
                () -> new CommandLine(command).parseArgs(args));
        assertTrue(e.getMessage().contains(missing), "names " + missing + ": " + e.getMessage());
    }

    @Test
    void aStakeThatIsNotPositiveIsRefusedBeforeTheNetworkIsOpened(@TempDir Path dir) {
        NetStakeCommands.AddNode add = new NetStakeCommands.AddNode();
        Path none = dir.resolve("no-network-here");
        new CommandLine(add).parseArgs("--dir", none.toString(), "--node", "node-4", "--stake", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, add::call);
        assertTrue(e.getMessage().contains("--stake") && e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void durationsTakeAUnitOrSeconds() {
        assertEquals(Duration.ofMillis(500), NetStakeCommands.parseDuration("500ms", "--x"));
        assertEquals(Duration.ofSeconds(30), NetStakeCommands.parseDuration(" 30S ", "--x"));
        assertEquals(Duration.ofMinutes(2), NetStakeCommands.parseDuration("2m", "--x"));
        assertEquals(Duration.ofHours(1), NetStakeCommands.parseDuration("1h", "--x"));
        assertEquals(Duration.ofSeconds(7), NetStakeCommands.parseDuration("7", "--x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetStakeCommands.parseDuration("soon", "--epoch-duration"));
        assertTrue(e.getMessage().contains("--epoch-duration") && e.getMessage().contains("'soon'"), e.getMessage());
    }
}
