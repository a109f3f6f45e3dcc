package dev.walrusstream.app.cli;

import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.devnet.chain.LocalChain;
import dev.walrusstream.devnet.ledger.StakingState;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.devnet.network.StakeControl;
import dev.walrusstream.devnet.sui.LocalSui;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code net add-node}, {@code net remove-node}, {@code net stake}: who is in a local network's
 * committee, changed by stake, effective at the next epoch change. On a running {@code local}
 * network the change goes to its LocalChain service; a stopped network's ledger is changed directly.
 */
public final class NetStakeCommands {
    private NetStakeCommands() {
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} (a bare number is seconds). */
    public static Duration parseDuration(String text, String option) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 500ms, 30s, 2m or 1h, got '"
                    + text + "'");
        }
    }

    /** Names a node of the network given to {@code option}: its node ID, or an error naming the option and the nodes. */
    @FunctionalInterface
    interface Nodes {
        ObjectId id(String name, String option);
    }

    /** What every command here acts on (a picocli mixin): the network in --dir. */
    static class Target {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory holding the network's state.")
        Path dir;

        /**
         * The one way a command here changes stake: opens the network in --dir, lets {@code change} name the
         * nodes it needs (a bad name fails here, before the ledger is touched) and applies the change it
         * returns with {@link #apply}. Returns the command's exit code.
         */
        int change(Function<Nodes, Consumer<StakeControl>> change, PrintStream out) throws IOException {
            LocalNetwork network = LocalNetwork.open(dir);
            apply(network, change.apply((name, option) -> nodeId(network, name, option)), out);
            return 0;
        }

        ObjectId nodeId(LocalNetwork network, String name, String option) {
            for (LocalNetwork.NodeEntry e : network.manifest().nodes()) {
                if (e.name().equals(name) || e.nodeId().toString().equals(name)) {
                    return e.nodeId();
                }
            }
            throw new IllegalArgumentException(option + " names no node of the network in " + dir + ": '" + name
                    + "' (nodes: " + network.manifest().nodes().stream().map(LocalNetwork.NodeEntry::name).toList() + ")");
        }

        /**
         * True when the network's ledger is being served (a running LocalChain takes changes over HTTP);
         * throws for a running sui-local network, whose ledger takes no changes from outside.
         */
        boolean requireChangeable(LocalNetwork network) {
            boolean running = answers(network.manifest().host(), network.manifest().chainPort());
            if (running && network.backend() != ChainBackend.LOCAL_CHAIN) {
                throw new IllegalStateException("the sui-local network in " + dir + " is running (its ledger answers on "
                        + network.chainUrl() + "); stop it (Ctrl-C on net start) and run this again");
            }
            return running;
        }

        /** Applies {@code change} to the ledger: through the running service, or directly when stopped. */
        void apply(LocalNetwork network, Consumer<StakeControl> change, PrintStream out)
                throws IOException {
            boolean running = answers(network.manifest().host(), network.manifest().chainPort());
            if (network.backend() == ChainBackend.LOCAL_CHAIN && running) {
                change.accept(remote(new LocalChainHttpClient(network.chainUrl(), null)));
                out.println("Done on the running LocalChain at " + network.chainUrl() + "; it takes effect at the next "
                        + "epoch change.");
                return;
            }
            if (running) {
                throw new IllegalStateException("the sui-local network in " + dir + " is running (its ledger answers on "
                        + network.chainUrl() + "); stop it (Ctrl-C on net start) and run this again: stake changes of a "
                        + "stopped network take effect at its next epoch change");
            }
            Path chainDir = dir.resolve(LocalNetwork.CHAIN_DIR);
            if (network.backend() == ChainBackend.LOCAL_SUI) {
                try (LocalSui sui = LocalSui.open(chainDir, Duration.ZERO, () -> { })) {
                    change.accept(StakeControl.of(sui));
                }
            } else {
                try (LocalChain chain = LocalChain.open(chainDir, null, Duration.ZERO, () -> { })) {
                    change.accept(StakeControl.of(chain.ledger()));
                }
            }
            out.println("Done on the ledger in " + chainDir + "; it takes effect at the network's next epoch change.");
        }

        private static boolean answers(String host, int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static StakeControl remote(LocalChainHttpClient c) {
            return new StakeControl() {
                public StakingState staking() {
                    throw new UnsupportedOperationException("read GET " + c.url() + "/v1/staking");
                }

                public dev.walrusstream.chain.Committee committee() {
                    return c.committee();
                }

                public java.util.Optional<dev.walrusstream.chain.Committee> previousCommittee() {
                    return c.previousCommittee();
                }

                public dev.walrusstream.chain.EpochState epochState() {
                    return c.epochState();
                }

                public void registerNode(dev.walrusstream.chain.StorageNodeInfo node, long stake) {
                    c.registerNode(node, stake);
                }

                public void setStake(ObjectId nodeId, long stake) {
                    c.setStake(nodeId, stake);
                }

                public void moveStake(ObjectId from, ObjectId to, long amount) {
                    c.moveStake(from, to, amount);
                }

                public void epochSyncDone(ObjectId nodeId, int epoch) {
                    c.epochSyncDone(nodeId, epoch);
                }

                public int advanceEpoch() {
                    return c.advanceEpoch();
                }
            };
        }
    }

    /** The one node add-node and remove-node act on (a picocli mixin). */
    static class NodeOption {
        @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node (name or node ID).")
        String name;

        /** The change that gives this node {@code stake} (0 takes it out of the committee). */
        Function<Nodes, Consumer<StakeControl>> staked(long stake) {
            return nodes -> {
                ObjectId id = nodes.id(name, "--node");
                return c -> c.setStake(id, stake);
            };
        }
    }

    @Command(name = "add-node", mixinStandardHelpOptions = true,
            description = "Add a storage node that joins the committee at the next epoch change and takes shards from "
                    + "the others. Without --node a brand-new node is created (BLS key, node ID, port, "
                    + "nodes/node-N/node.json, an entry in network.json) and registered with --stake; with --node a "
                    + "registered node (a spare of net init/start --spares, or one removed before) is staked.")
    public static final class AddNode implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--node", paramLabel = "NAME",
                description = "A registered node to stake (name or node ID); omit it to create a new node.")
        String node;

        @Option(names = "--stake", paramLabel = "N", defaultValue = "2",
                description = "Its stake (genesis members hold their shard count; default: ${DEFAULT-VALUE}).")
        long stake;

        PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            if (stake <= 0) {
                throw new IllegalArgumentException("--stake must be positive to add a node, got " + stake);
            }
            LocalNetwork network = LocalNetwork.open(target.dir);
            if (node != null) {
                ObjectId id = target.nodeId(network, node, "--node");
                target.apply(network, c -> c.setStake(id, stake), out);
                return 0;
            }
            boolean running = target.requireChangeable(network);
            dev.walrusstream.chain.StorageNodeInfo info = network.createNode();
            dev.walrusstream.codec.ids.SuiAddress operator = network.nodeSuiAddress(network.indexOf(info.nodeId()))
                    .orElse(null);
            target.apply(network, c -> c.registerNode(info, stake, operator), out);
            LocalNetwork.NodeEntry entry = network.manifest().nodes().get(network.indexOf(info.nodeId()));
            Path config = target.dir.resolve(entry.dir()).resolve("node.json");
            out.println("Created storage node " + info.name() + " (" + info.nodeId() + ") at " + info.networkAddress()
                    + " with stake " + stake + "; its files are in " + config.getParent() + ".");
            out.println(running
                    ? "The network is running: start the node as its own process with: walrus-stream node --config "
                            + config
                    : "It starts with the others at the next: walrus-stream net start --dir " + target.dir);
            return 0;
        }
    }

    @Command(name = "remove-node", mixinStandardHelpOptions = true,
            description = "Take a node's stake away so that it leaves the committee at the next epoch change; its shards "
                    + "move to the others, and it serves them until that change is done.")
    public static final class RemoveNode implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Mixin
        NodeOption node = new NodeOption();

        PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            return target.change(node.staked(0), out);
        }
    }

    @Command(name = "stake", mixinStandardHelpOptions = true,
            description = "Move stake from one node to another, effective at the next epoch change (shards follow "
                    + "stake, moving as few as possible).")
    public static final class Stake implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--from", required = true, paramLabel = "NAME", description = "Node giving stake.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "NAME", description = "Node receiving it.")
        String to;

        @Option(names = "--amount", required = true, paramLabel = "N", description = "Stake to move.")
        long amount;

        PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            return target.change(nodes -> {
                ObjectId a = nodes.id(from, "--from");
                ObjectId b = nodes.id(to, "--to");
                return c -> c.moveStake(a, b, amount);
            }, out);
        }
    }
}
