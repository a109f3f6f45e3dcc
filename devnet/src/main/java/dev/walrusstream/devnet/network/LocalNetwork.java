package dev.walrusstream.devnet.network;

import dev.walrusstream.node.NodeConfig;
import dev.walrusstream.node.NodeConfigFile;
import dev.walrusstream.node.NodeLimits;
import dev.walrusstream.node.StorageNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.devnet.chain.LocalChain;
import dev.walrusstream.devnet.sui.LocalSui;
import dev.walrusstream.sui.config.SuiConfig;
import dev.walrusstream.devnet.ledger.LedgerGenesis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A complete storage network on this machine: a development ledger served on a loopback port, as
 * LocalChain over HTTP or as Sui over gRPC (its {@link ChainBackend}), and K storage nodes, each with
 * its own port, BLS key and RocksDB directory, all under one directory:
 * <pre>
 * DIR/network.json          what the network is (shards, ports, node IDs, the funded account)
 * DIR/client.json           configuration for clients (walrus-stream store/read --config DIR/client.json)
 * DIR/chain/                the ledger's genesis and journal (and sui.json for sui-local)
 * DIR/sui-account.key       the funded account's Sui key (sui-local, when the account was not given)
 * DIR/nodes/node-i/         node.json (for walrus-stream node --config), bls.key, data/ (RocksDB)
 * </pre>
 * Opening the same directory again brings the same network back, on the same ports, with
 * everything it stored, with the same backend. The ledger is a local development ledger, not Sui.
 */
public final class LocalNetwork implements AutoCloseable {
    public static final String MANIFEST = "network.json";
    public static final String CLIENT_CONFIG = "client.json";
    public static final String CHAIN_DIR = "chain";
    private static final System.Logger LOG = System.getLogger(LocalNetwork.class.getName());

    /** {@code network.json}. */
    public record Manifest(String chainId, int nShards, String host, int chainPort, SuiAddress account, List<NodeEntry> nodes) {
    }

    /**
     * One node of the manifest; {@code dir} is relative to the network directory; {@code address} is the
     * {@code host:port} the committee lists for it (null in manifests written before it existed: the
     * manifest's host and {@code port}).
     */
    public record NodeEntry(String name, ObjectId nodeId, int port, String dir, String address) {
        public NodeEntry(String name, ObjectId nodeId, int port, String dir) {
            this(name, nodeId, port, dir, null);
        }
    }

    /**
     * Where a network's processes listen and how the others reach them. On one machine that is one
     * address for everything ({@link #local(String)}); across hosts or containers each process listens
     * on {@code bindHost} and is reached by its own name: LocalChain at {@code chainHost}, node i at
     * {@code nodeHost} with {@code {i}} replaced by i (for example {@code walrus-node-{i}}).
     *
     * @param basePort 0: free ports found now (one machine); otherwise fixed ports, LocalChain on
     *                 {@code basePort} and node i on {@code basePort + 1 + i}
     */
    public record Addressing(String bindHost, String chainHost, String nodeHost, int basePort) {
        public Addressing {
            if (bindHost == null || bindHost.isBlank() || chainHost == null || chainHost.isBlank()
                    || nodeHost == null || nodeHost.isBlank()) {
                throw new IllegalArgumentException("bind host, chain host and node host must be given, got "
                        + bindHost + ", " + chainHost + ", " + nodeHost);
            }
            if (basePort < 0 || basePort > 65535) {
                throw new IllegalArgumentException("base port must be 0 (free ports) or 1..65535, got " + basePort);
            }
        }

        /** Everything on {@code host}, on free ports. */
        public static Addressing local(String host) {
            return new Addressing(host, host, host, 0);
        }

        public String nodeHost(int i) {
            return nodeHost.replace("{i}", Integer.toString(i));
        }
    }

    private final Path dir;
    private Manifest manifest;
    private StorageNode[] nodes;
    private Chain[] nodeChains;
    private final ChainBackend backend;
    private ChainBackend.Served served;
    private NodeLimits limitsOverride;
    private final Object reportGate = new Object();
    private boolean reportsHeld;
    private Duration epochDuration;
    private boolean churn;

    private LocalNetwork(Path dir, Manifest manifest, ChainBackend backend) {
        this.dir = dir;
        this.backend = backend;
        this.manifest = manifest;
        this.nodes = new StorageNode[manifest.nodes().size()];
        this.nodeChains = new Chain[manifest.nodes().size()];
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /** Creates the configuration of a new network in {@code dir} (nothing is started). */
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, String host) throws IOException {
        return init(dir, nodeCount, nShards, Addressing.local(host), null);
    }

    /**
     * As {@link #init(Path, int, int, String)}, funding {@code account} (a fresh random address when
     * null) in the genesis.
     */
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, String host, SuiAddress account)
            throws IOException {
        return init(dir, nodeCount, nShards, Addressing.local(host), account);
    }

    /** Creates the configuration of a new network in {@code dir} whose processes are reached as {@code addressing} says. */
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, Addressing addressing) throws IOException {
        return init(dir, nodeCount, nShards, addressing, null);
    }

    /**
     * Creates the configuration of a new network in {@code dir} whose processes are reached as
     * {@code addressing} says, funding {@code account} (a fresh random address when null) in the genesis.
     */
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, Addressing addressing, SuiAddress account)
            throws IOException {
        return init(dir, nodeCount, nShards, addressing, account, ChainBackend.LOCAL_CHAIN);
    }

    /** A new network on {@code host} whose ledger is served as {@code backend} says, funding a fresh account. */
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, String host, ChainBackend backend)
            throws IOException {
        return init(dir, nodeCount, nShards, Addressing.local(host), null, backend);
    }

    /**
     * Creates the configuration of a new network in {@code dir} whose processes are reached as
     * {@code addressing} says and whose ledger is served as {@code backend} says, funding {@code account}
     * (when null, a fresh one: for {@code sui-local} a new Sui key kept in {@code DIR/sui-account.key}).
     */
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, Addressing addressing, SuiAddress account,
                                    ChainBackend backend) throws IOException {
        return init(dir, nodeCount, nShards, addressing, account, backend, 0);
    }

    /**
     * As {@link #init(Path, int, int, Addressing, SuiAddress, ChainBackend)} with {@code spares} more
     * nodes registered on the ledger without stake: outside the committee until stake moves to them
     * (see {@link #moveStake}, {@code --churn}).
     */
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, Addressing addressing, SuiAddress account,
                                    ChainBackend backend, int spares) throws IOException {
        if (spares < 0) {
            throw new IllegalArgumentException("spare node count must not be negative, got " + spares);
        }
        if (exists(dir)) {
            throw new IOException("a network already exists in " + dir + " (" + dir.resolve(MANIFEST) + ")");
        }
        if (nodeCount < 1 || nodeCount > nShards) {
            throw new IllegalArgumentException("a network needs between 1 and " + nShards + " nodes for " + nShards
                    + " shards, got " + nodeCount);
        }
        dev.walrusstream.codec.RedStuffParams.of(nShards); // validates the shard count
        SecureRandom random = new SecureRandom();
        List<ObjectId> ids = new ArrayList<>();
        int total = nodeCount + spares;
        for (int i = 0; i < total; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            ids.add(ObjectId.of(b));
        }
        ids.sort(Comparator.naturalOrder());
        List<List<Integer>> shards = LedgerGenesis.balancedShards(nShards, nodeCount);
        String host = addressing.bindHost();
        int[] ports = addressing.basePort() == 0 ? freePorts(host, total + 1) : fixedPorts(addressing.basePort(), total + 1);
        List<StorageNodeInfo> members = new ArrayList<>();
        List<StorageNodeInfo> spareInfos = new ArrayList<>();
        List<NodeEntry> entries = new ArrayList<>();
        String chainUrl = "http://" + addressing.chainHost() + ":" + ports[0];
        for (int i = 0; i < total; i++) {
            String name = "node-" + i;
            Path nodeDir = dir.resolve("nodes").resolve(name);
            BlsKeyPair key = BlsKeyPair.generate(random);
            NodeConfigFile.writeKey(nodeDir.resolve("bls.key"), key);
            new NodeConfigFile(name, ids.get(i), "bls.key", "data", host + ":" + ports[i + 1], chainUrl, null)
                    .write(nodeDir.resolve("node.json"));
            String address = addressing.nodeHost(i) + ":" + ports[i + 1];
            if (i < nodeCount) {
                members.add(new StorageNodeInfo(ids.get(i), name, address, key.publicKey(), shards.get(i)));
            } else {
                spareInfos.add(new StorageNodeInfo(ids.get(i), name, address, key.publicKey(), List.of()));
            }
            entries.add(new NodeEntry(name, ids.get(i), ports[i + 1], "nodes/" + name, address));
        }
        if (account == null) {
            account = backend.newAccount(dir, random);
        }
        byte[] chainId = new byte[6];
        random.nextBytes(chainId);
        String id = "walrus-stream-local-" + HexFormat.of().formatHex(chainId);
        LedgerGenesis genesis = new LedgerGenesis(id, nShards, members, LedgerGenesis.DEFAULT_STORAGE_PRICE,
                LedgerGenesis.DEFAULT_WRITE_PRICE, LedgerGenesis.DEFAULT_MAX_EPOCHS_AHEAD,
                LedgerGenesis.DEFAULT_CAPACITY, 1, 0, Map.of(account, LedgerGenesis.DEFAULT_ACCOUNT_FUNDS));
        LocalChain.create(dir.resolve(CHAIN_DIR), genesis, null).close();
        Manifest manifest = new Manifest(id, nShards, host, ports[0], account, entries);
        Files.write(dir.resolve(MANIFEST), ChainJson.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(manifest));
        LocalNetwork network = new LocalNetwork(dir, manifest, backend);
        backend.initialized(network, chainUrl);
        if (!spareInfos.isEmpty()) {
            backend.registerSpares(network, spareInfos);
        }
        return network;
    }

    /**
     * Creates a brand-new storage node for this network: a BLS key, a random node ID, a free port on the
     * network's host, {@code nodes/node-N/} with its {@code node.json} following the same chain as the
     * first node, and an entry in {@code network.json}. It is not registered yet (see {@link #addNode}
     * or {@code net add-node}); its description for registration is returned.
     */
    public synchronized StorageNodeInfo createNode() throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] b = new byte[32];
        random.nextBytes(b);
        ObjectId id = ObjectId.of(b);
        int index = manifest.nodes().size();
        String name = "node-" + index;
        for (NodeEntry e : manifest.nodes()) {
            if (e.name().equals(name)) {
                throw new IOException("network " + dir + " already has a node named " + name);
            }
        }
        Path nodeDir = dir.resolve("nodes").resolve(name);
        if (Files.exists(nodeDir)) {
            throw new IOException("cannot create node " + name + ": " + nodeDir + " already exists");
        }
        NodeEntry first = manifest.nodes().get(0);
        NodeConfigFile template = NodeConfigFile.read(dir.resolve(first.dir()).resolve("node.json"));
        int port = freePorts(manifest.host(), 1)[0];
        BlsKeyPair key = BlsKeyPair.generate(random);
        NodeConfigFile.writeKey(nodeDir.resolve("bls.key"), key);
        String listen = manifest.host() + ":" + port;
        NodeConfigFile file = new NodeConfigFile(name, id, "bls.key", "data", listen, template.chainUrl(), null);
        if (template.chainConfig() != null) {
            Path shared = dir.resolve(first.dir()).resolve(template.chainConfig()).normalize();
            file = file.withChainConfig(nodeDir.relativize(shared).toString());
        }
        if (template.suiKeyFile() != null) {
            ChainBackend.newNodeKey(nodeDir, random); // registration hands its StorageNodeCap to this key
            file = file.withSuiKeyFile(ChainBackend.NODE_SUI_KEY_FILE);
        }
        file.write(nodeDir.resolve("node.json"));
        List<NodeEntry> entries = new ArrayList<>(manifest.nodes());
        entries.add(new NodeEntry(name, id, port, "nodes/" + name, listen));
        Manifest next = new Manifest(manifest.chainId(), manifest.nShards(), manifest.host(), manifest.chainPort(),
                manifest.account(), entries);
        Files.write(dir.resolve(MANIFEST), ChainJson.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(next));
        manifest = next;
        nodes = java.util.Arrays.copyOf(nodes, entries.size());
        nodeChains = java.util.Arrays.copyOf(nodeChains, entries.size());
        LOG.log(System.Logger.Level.INFO, () -> "created storage node " + name + " (" + id + ") in " + nodeDir);
        return new StorageNodeInfo(id, name, listen, key.publicKey(), List.of());
    }

    /**
     * Creates a brand-new node ({@link #createNode}), registers it on the ledger this process serves with
     * {@code stake} (it joins the committee at the next epoch change if the stake earns it a shard) and
     * starts it here, as this process runs the network's nodes. Returns its index.
     */
    public synchronized int addNode(long stake) throws Exception {
        if (stake <= 0) {
            throw new IllegalArgumentException("a new node needs a positive stake to join, got " + stake);
        }
        StakeControl control = stake(); // fails before any file is written when the ledger is not served here
        StorageNodeInfo info = createNode();
        control.registerNode(info, stake, nodeSuiAddress(indexOf(info.nodeId())).orElse(null));
        int index = indexOf(info.nodeId());
        startNode(index);
        return index;
    }

    public static LocalNetwork open(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new IOException("no network in " + dir + ": " + dir.resolve(MANIFEST) + " is missing");
        }
        return new LocalNetwork(dir, ChainJson.mapper().readValue(dir.resolve(MANIFEST).toFile(), Manifest.class),
                ChainBackend.of(dir));
    }

    private static int[] fixedPorts(int base, int count) {
        if (base + count - 1 > 65535) {
            throw new IllegalArgumentException("base port " + base + " leaves no room for " + count + " ports");
        }
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = base + i;
        }
        return ports;
    }

    private static int[] freePorts(String host, int count) throws IOException {
        return FreePorts.pick(host, count);
    }

    /**
     * Epochs last {@code duration} once the ledger is served (null: as the genesis says; zero: they change
     * only when asked). Set before {@link #startChain()}.
     */
    public LocalNetwork withEpochDuration(Duration duration) {
        this.epochDuration = duration;
        return this;
    }

    /**
     * Before every timed epoch change one member hands its stake to a node without stake, so at each
     * change one node leaves the committee and one joins (needs a spare node). Set before {@link #startChain()}.
     */
    public LocalNetwork withChurn(boolean on) {
        this.churn = on;
        return this;
    }

    public Duration epochDuration() {
        return epochDuration;
    }

    /** What runs before each timed epoch change: the churn, if asked for. */
    public Runnable beforeEpochChange() {
        return () -> {
            if (churn && served != null) {
                StakeControl.rotateOne(served.stake());
            }
        };
    }

    /** Stake and node controls of the ledger this process serves. */
    public StakeControl stake() {
        if (served == null) {
            throw new IllegalStateException("the ledger of " + dir + " is not served by this process: start its chain first");
        }
        return served.stake();
    }

    /** Index of the node with {@code nodeId} in the manifest, or −1. */
    public int indexOf(ObjectId nodeId) {
        for (int i = 0; i < manifest.nodes().size(); i++) {
            if (manifest.nodes().get(i).nodeId().equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    /** The Sui address of node {@code i}'s own key (sui-local networks), if it has one. */
    public java.util.Optional<SuiAddress> nodeSuiAddress(int i) throws IOException {
        return ChainBackend.nodeSuiAddress(dir.resolve(manifest.nodes().get(i).dir()));
    }

    /** Development control: moves all of node {@code from}'s stake to node {@code to} (effective at the next epoch). */
    public void moveAllStake(int from, int to) {
        ObjectId a = manifest.nodes().get(from).nodeId();
        long stake = stake().staking().node(a).orElseThrow(() -> new IllegalArgumentException("node " + from + " ("
                + a + ") is not registered on the ledger")).stake();
        stake().moveStake(a, manifest.nodes().get(to).nodeId(), stake);
    }

    /** Limits used for every node started from now on instead of those in its node.json. */
    public LocalNetwork withNodeLimits(NodeLimits limits) {
        this.limitsOverride = limits;
        return this;
    }

    /** Serves the ledger and starts every node. */
    public LocalNetwork start() throws Exception {
        startChain();
        for (int i = 0; i < nodes.length; i++) {
            startNode(i);
        }
        return this;
    }

    /** Serves the ledger on the chain port, as the network's backend says. */
    public void startChain() throws IOException {
        if (served == null) {
            served = backend.serve(this);
        }
    }

    public void startNode(int i) throws Exception {
        if (nodes[i] != null) {
            return;
        }
        startNode(i, backend.nodeChain(this, served, i));
    }

    /**
     * Starts node {@code i} following {@code chain} (for instance a Sui chain client instead of
     * this network's LocalChain service); the node owns it from now on and closes it when stopped.
     */
    public void startNode(int i, Chain chain) throws Exception {
        if (nodes[i] != null) {
            chain.close();
            return;
        }
        NodeEntry entry = manifest.nodes().get(i);
        Path nodeDir = dir.resolve(entry.dir());
        NodeConfig config = NodeConfigFile.read(nodeDir.resolve("node.json")).toConfig(nodeDir);
        if (limitsOverride != null) {
            config = config.withLimits(limitsOverride);
        }
        nodeChains[i] = chain;
        try {
            // a node with its own Sui key reports through its chain (a signed epoch_sync_done); nodes of a sui-local
            // network made before nodes had keys follow it read-only: their reports go to the ledger directly
            nodes[i] = served instanceof ChainBackend.ServedLocalSui s && chain.account().isEmpty()
                    ? StorageNode.start(config, chain, Duration.ofSeconds(30), (id, epoch) -> {
                        awaitReportsReleased();
                        s.sui().epochSyncDone(id, epoch);
                    })
                    : StorageNode.start(config, chain, Duration.ofSeconds(30), (id, epoch) -> {
                        awaitReportsReleased();
                        chain.epochSyncDone(id, epoch);
                    });
        } catch (Exception e) {
            nodeChains[i] = null;
            chain.close();
            throw e;
        }
    }

    /**
     * Development control: while {@code hold} is true, the epoch-sync reports of the nodes this process
     * runs wait instead of reaching the ledger, so an epoch change stays in {@code EpochChangeSync}
     * (a test reads in the sync window); false lets the waiting reports go through.
     */
    public void holdSyncReports(boolean hold) {
        synchronized (reportGate) {
            reportsHeld = hold;
            reportGate.notifyAll();
        }
    }

    private void awaitReportsReleased() {
        synchronized (reportGate) {
            while (reportsHeld) {
                try {
                    reportGate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new dev.walrusstream.chain.ChainException.Unavailable("interrupted while sync reports were held", e);
                }
            }
        }
    }

    /** Stops node {@code i} (its data stays). */
    public void stopNode(int i) {
        if (nodes[i] != null) {
            nodes[i].close();
            nodes[i] = null;
        }
        if (nodeChains[i] != null) {
            nodeChains[i].close();
            nodeChains[i] = null;
        }
    }

    /** Deletes node {@code i}'s RocksDB directory; the node must be stopped. */
    public void wipeNode(int i) throws IOException {
        if (nodes[i] != null) {
            throw new IllegalStateException("stop node " + i + " before wiping its data");
        }
        Path data = nodeDataDir(i);
        if (Files.exists(data)) {
            try (var walk = Files.walk(data)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    public Path clientConfig() {
        return dir.resolve(CLIENT_CONFIG);
    }

    public String chainUrl() {
        return "http://" + manifest.host() + ":" + manifest.chainPort();
    }

    public SuiAddress account() {
        return manifest.account();
    }

    /** How the ledger is served. */
    public ChainBackend backend() {
        return backend;
    }

    /** The ledger served as LocalChain (running in this process once started; null for another backend). */
    public LocalChain chain() {
        return served instanceof ChainBackend.ServedLocalChain c ? c.chain() : null;
    }

    /** The ledger served as Sui (running in this process once started; null for another backend). */
    public LocalSui localSui() {
        return served instanceof ChainBackend.ServedLocalSui s ? s.sui() : null;
    }

    /** The URL the ledger is served at (for sui-local, the gRPC endpoint). */
    public String servedUrl() {
        return served == null ? chainUrl() : served.url();
    }

    /**
     * A Sui client configuration for the ledger this {@code sui-local} network serves: its URL, Walrus
     * system and staking objects and WAL coin type filled in; the caller adds the key (or read-only),
     * gas policy and anything else.
     */
    public SuiConfig.Builder suiConfig() {
        LocalSui sui = localSui();
        if (sui == null) {
            throw new IllegalStateException("the network in " + dir + " serves no Sui ledger (backend " + backend
                    + (served == null ? ", not started" : "") + ")");
        }
        return SuiConfig.builder().network(served.url()).walrusSystemObject(sui.ids().systemObject())
                .walrusStakingObject(sui.ids().stakingObject()).walCoinType(sui.ids().walCoinType());
    }

    /** The genesis of the running ledger. */
    public LedgerGenesis genesis() {
        if (served instanceof ChainBackend.ServedLocalChain c) {
            return c.chain().genesis();
        }
        if (served instanceof ChainBackend.ServedLocalSui s) {
            return s.sui().genesis();
        }
        throw new IllegalStateException("the ledger of " + dir + " is not running");
    }

    public int size() {
        return nodes.length;
    }

    /** Node {@code i}, or null while it is stopped. */
    public StorageNode node(int i) {
        return nodes[i];
    }

    public Path nodeDataDir(int i) {
        return dir.resolve(manifest.nodes().get(i).dir()).resolve("data");
    }

    /** Shards node {@code i} holds in the current committee (none when it is not a member). */
    public List<Integer> shardsOf(int i) {
        ObjectId id = manifest.nodes().get(i).nodeId();
        dev.walrusstream.chain.Committee c = served != null ? served.stake().committee() : genesis().committee(0);
        int at = c.indexOf(id);
        return at < 0 ? List.of() : c.member(at).shards();
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            try {
                stopNode(i);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stopping node " + i + ": " + e);
            }
        }
        if (served != null) {
            served.close();
            served = null;
        }
        Arrays.fill(nodeChains, null);
    }
}
