package dev.walrusstream.app.cli;

import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.devnet.network.LocalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code walrus-stream net}: a local storage network (LocalChain + storage nodes) in one directory. */
@Command(name = "net", mixinStandardHelpOptions = true,
        description = "A local storage network: LocalChain (a development ledger, not Sui) and storage nodes on "
                + "loopback ports, all state under one directory. With --chain sui-local, LocalChain is served as a "
                + "Sui ledger over gRPC and everything talks to it with the same code as to Sui.",
        subcommands = {NetCommand.Init.class, NetCommand.Start.class, NetStakeCommands.AddNode.class,
                NetStakeCommands.RemoveNode.class, NetStakeCommands.Stake.class})
public final class NetCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final String NOT_SUI = "LocalChain is a development ledger on this machine, not Sui: nothing is "
            + "replicated, its WAL has no value, callers are not authenticated.";

    /** Options shared by init and start. */
    static class Layout {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory holding the network's state.")
        Path dir;

        @Option(names = "--nodes", paramLabel = "K", description = "Storage nodes of a new network (default: 4).")
        Integer nodes;

        @Option(names = "--shards", paramLabel = "N",
                description = "Shards of a new network (default: 10; Walrus mainnet and testnet use 1000).")
        Integer shards;

        @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
                description = "Address to listen on and to be reached at (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--spares", paramLabel = "S",
                description = "New network: S more storage nodes registered without stake, outside the committee until "
                        + "stake moves to them (net add-node, net stake, --churn; default: 0, or 1 with --churn).")
        Integer spares;

        @Option(names = "--chain", paramLabel = "KIND",
                description = "Chain of a new network: 'local' (LocalChain over HTTP/JSON, the default) or 'sui-local' "
                        + "(LocalChain served as a Sui ledger over the sui.rpc.v2 gRPC API; clients and nodes use "
                        + "SuiChain, the code that talks to Sui).")
        String chain;

        boolean sui() {
            if (LocalNetwork.exists(dir)) {
                return ChainBackend.of(dir) == ChainBackend.LOCAL_SUI;
            }
            return "sui-local".equals(chainKind());
        }

        private String chainKind() {
            if (chain == null) {
                return "local";
            }
            try {
                return ChainBackend.named(chain).name();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--chain must be 'local' or 'sui-local', got '" + chain + "'");
            }
        }

        @Option(names = "--bind", paramLabel = "HOST",
                description = "New network across hosts or containers: address every process listens on, e.g. "
                        + "0.0.0.0 (default: --host).")
        String bind;

        @Option(names = "--chain-host", paramLabel = "NAME",
                description = "New network: the name others reach LocalChain by (default: --host).")
        String chainHost;

        @Option(names = "--node-host", paramLabel = "PATTERN",
                description = "New network: the name others reach node i by, {i} replaced by i, e.g. walrus-node-{i} "
                        + "(default: --host). This is what the committee lists.")
        String nodeHost;

        @Option(names = "--base-port", paramLabel = "PORT",
                description = "New network: fixed ports, LocalChain on PORT and node i on PORT+1+i (default: free ports "
                        + "found now).")
        Integer basePort;

        LocalNetwork.Addressing addressing() {
            return new LocalNetwork.Addressing(bind != null ? bind : host, chainHost != null ? chainHost : host,
                    nodeHost != null ? nodeHost : host, basePort == null ? 0 : basePort);
        }

        /** Set by start --churn: a new network gets a spare node unless --spares says otherwise. */
        boolean wantsSpare;

        LocalNetwork openOrInit(PrintStream out) throws Exception {
            String kind = chainKind();
            if (LocalNetwork.exists(dir)) {
                LocalNetwork network = LocalNetwork.open(dir);
                LocalNetwork.Manifest m = network.manifest();
                String existing = network.backend().name();
                if (chain != null && !kind.equals(existing)) {
                    throw new IllegalArgumentException(dir + " holds a network with a '" + existing + "' chain; --chain "
                            + chain + " does not match (leave it out to restart it, or use another directory)");
                }
                if (spares != null) {
                    throw new IllegalArgumentException("--spares is for a new network; " + dir + " already holds one "
                            + "(stake its spare nodes with net add-node)");
                }
                if ((nodes != null && nodes != m.nodes().size()) || (shards != null && shards != m.nShards())) {
                    throw new IllegalArgumentException(dir + " holds a network of " + m.nodes().size() + " nodes and "
                            + m.nShards() + " shards; --nodes " + nodes + " --shards " + shards + " do not match "
                            + "(leave them out to restart it, or use another directory)");
                }
                return network;
            }
            int k = nodes == null ? 4 : nodes;
            int n = shards == null ? 10 : shards;
            boolean suiLocal = kind.equals("sui-local");
            if (suiLocal && (bind != null || chainHost != null || nodeHost != null || basePort != null)) {
                throw new IllegalArgumentException("--bind, --chain-host, --node-host and --base-port are for a "
                        + "'local' chain; a 'sui-local' network runs on --host only");
            }
            int s = spares == null ? (wantsSpare ? 1 : 0) : spares;
            LocalNetwork network = LocalNetwork.init(dir, k, n, suiLocal ? LocalNetwork.Addressing.local(host) : addressing(),
                    null, suiLocal ? ChainBackend.LOCAL_SUI : ChainBackend.LOCAL_CHAIN, s);
            out.println("Created a network of " + k + " storage nodes" + (s > 0 ? " (and " + s + " spare)" : "") + " and "
                    + n + " shards in " + dir + (suiLocal ? ", its chain served as a Sui ledger" : ""));
            return network;
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the configuration of a local network (keys, ports, genesis, node and client "
                    + "configuration files) without starting it.")
    public static final class Init implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Layout layout = new Layout();

        PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            if (LocalNetwork.exists(layout.dir)) {
                throw new IllegalArgumentException("a network already exists in " + layout.dir);
            }
            LocalNetwork network = layout.openOrInit(out);
            describe(network, out, false, layout.sui(), null);
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start LocalChain and every storage node of the network in DIR (creating it first if "
                    + "needed) and run until Ctrl-C. Starting again with the same DIR brings the same network back.")
    public static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Layout layout = new Layout();

        @Option(names = "--epoch-duration", paramLabel = "D",
                description = "Length of an epoch, e.g. 30s or 2m: the epoch changes every D (never while the previous "
                        + "change still syncs). Default: epochs change only when asked.")
        String epochDuration;

        @Option(names = "--churn",
                description = "At every epoch change one member hands its stake to a node without stake: one node leaves "
                        + "the committee, one joins, shards move (needs a spare node; a new network gets one). Needs "
                        + "--epoch-duration.")
        boolean churn;

        PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            java.time.Duration duration = epochDuration == null ? null
                    : NetStakeCommands.parseDuration(epochDuration, "--epoch-duration");
            if (duration != null && (duration.isZero() || duration.isNegative())) {
                throw new IllegalArgumentException("--epoch-duration must be positive, got " + epochDuration);
            }
            if (churn && duration == null) {
                throw new IllegalArgumentException("--churn rotates the committee at timed epoch changes: give "
                        + "--epoch-duration too");
            }
            layout.wantsSpare = churn;
            LocalNetwork network = layout.openOrInit(out);
            boolean sui = layout.sui();
            network.withEpochDuration(duration).withChurn(churn);
            AutoCloseable running;
            try {
                running = network.start();
                if (churn && network.stake().staking().nodes().stream().noneMatch(c -> c.stake() == 0)) {
                    network.close();
                    throw new IllegalArgumentException("--churn needs a spare node (registered without stake) and the "
                            + "network in " + layout.dir + " has none; create a network with --spares 1");
                }
            } catch (Exception e) {
                network.close();
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (Exception e) {
                    System.err.println("stopping the network: " + e);
                }
                stopped.countDown();
            }, "walrus-stream-net-shutdown"));
            describe(network, out, true, sui, network.stake().committee().members());
            if (duration != null) {
                out.println("Epochs last " + duration.toSeconds() + " s" + (churn ? "; at every change one node leaves "
                        + "the committee and a spare joins" : "") + " (see docs/epochs.md).");
            }
            out.println("Running until Ctrl-C.");
            out.flush();
            stopped.await();
            return 0;
        }
    }

    static final String SUI_LOCAL = "LocalChain served as a Sui ledger (sui.rpc.v2 gRPC): Walrus's objects, signed "
            + "transactions, gas and checkpoints, executed by LocalChain's rules. It is not Sui either: one process, "
            + "nothing replicated, its WAL and SUI have no value.";

    static void describe(LocalNetwork network, PrintStream out, boolean running, boolean sui,
                         List<StorageNodeInfo> committee) {
        LocalNetwork.Manifest m = network.manifest();
        if (sui) {
            out.println("Sui ledger (LocalChain) " + network.chainUrl() + "  (gRPC, chain " + m.chainId() + ")");
            out.println("  " + SUI_LOCAL);
        } else {
            String chainUrl = network.chainUrl();
            try {
                chainUrl = dev.walrusstream.client.ClientConfig.read(network.clientConfig()).chainUrl();
            } catch (java.io.IOException e) {
                // keep the listening address
            }
            out.println("LocalChain " + chainUrl + "  (chain " + m.chainId() + ")");
            out.println("  " + NOT_SUI);
        }
        out.println("Committee: " + m.nodes().size() + " storage nodes, " + m.nShards() + " shards");
        List<StorageNodeInfo> members = committee;
        for (int i = 0; i < m.nodes().size(); i++) {
            LocalNetwork.NodeEntry e = m.nodes().get(i);
            StorageNodeInfo member = members == null ? null : members.stream()
                    .filter(x -> x.nodeId().equals(e.nodeId())).findFirst().orElse(null);
            String shards = members == null ? "" : member == null ? "  spare (no stake, no shards)"
                    : "  shards " + ranges(member.shards());
            String address = e.address() != null ? e.address() : m.host() + ":" + e.port();
            out.println("  " + e.name() + "  " + address + shards + "  " + e.nodeId()
                    + (running && network.node(i) == null ? "  (stopped)" : ""));
        }
        out.println("Funded account: " + m.account() + (sui ? "  (Sui key in " + network.dir().resolve(
                ChainBackend.SUI_KEY_FILE) + ")" : ""));
        out.println("Client configuration: " + network.clientConfig());
        out.println("  walrus-stream store --config " + network.clientConfig() + " FILE");
        out.println("  walrus-stream read --config " + network.clientConfig() + " BLOB_ID --out FILE");
        out.println("  walrus-stream info --config " + network.clientConfig() + " --size 10MiB --epochs 5");
        out.println("  walrus-stream node --config " + network.dir().resolve(m.nodes().get(0).dir()).resolve("node.json")
                + "   (one node as its own process)");
    }

    static String ranges(List<Integer> shards) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < shards.size()) {
            int j = i;
            while (j + 1 < shards.size() && shards.get(j + 1) == shards.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(shards.get(i));
            if (j > i) {
                sb.append('-').append(shards.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
