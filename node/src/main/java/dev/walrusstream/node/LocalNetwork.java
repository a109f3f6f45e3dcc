package dev.walrusstream.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Address;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.chain.local.LocalChain;
import dev.walrusstream.chain.local.LocalChainGenesis;
import dev.walrusstream.chain.local.LocalChainService;
import dev.walrusstream.chain.local.RemoteChain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * A complete storage network on this machine: LocalChain served on a loopback port and K storage
 * nodes, each with its own port, BLS key and RocksDB directory, all under one directory:
 * <pre>
 * DIR/network.json          what the network is (shards, ports, node IDs, the funded account)
 * DIR/client.json           configuration for clients (walrus-stream store/read --config DIR/client.json)
 * DIR/chain/                LocalChain's genesis and journal
 * DIR/nodes/node-i/         node.json (for walrus-stream node --config), bls.key, data/ (RocksDB)
 * </pre>
 * Opening the same directory again brings the same network back, on the same ports, with
 * everything it stored. LocalChain here is a local development ledger, not Sui.
 */
public final class LocalNetwork implements AutoCloseable {
    public static final String MANIFEST = "network.json";
    public static final String CLIENT_CONFIG = "client.json";
    public static final String CHAIN_DIR = "chain";
    private static final System.Logger LOG = System.getLogger(LocalNetwork.class.getName());

    /** {@code network.json}. */
    public record Manifest(String chainId, int nShards, String host, int chainPort, Address account, List<NodeEntry> nodes) {
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
    private final Manifest manifest;
    private final StorageNode[] nodes;
    private final Chain[] nodeChains;
    private LocalChain chain;
    private LocalChainService service;
    private NodeLimits limitsOverride;

    private LocalNetwork(Path dir, Manifest manifest) {
        this.dir = dir;
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
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, String host, Address account)
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
    public static LocalNetwork init(Path dir, int nodeCount, int nShards, Addressing addressing, Address account)
            throws IOException {
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
        for (int i = 0; i < nodeCount; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            ids.add(ObjectId.of(b));
        }
        ids.sort(Comparator.naturalOrder());
        List<List<Integer>> shards = LocalChainGenesis.balancedShards(nShards, nodeCount);
        String host = addressing.bindHost();
        int[] ports = addressing.basePort() == 0 ? freePorts(host, nodeCount + 1) : fixedPorts(addressing.basePort(), nodeCount + 1);
        List<StorageNodeInfo> members = new ArrayList<>();
        List<NodeEntry> entries = new ArrayList<>();
        String chainUrl = "http://" + addressing.chainHost() + ":" + ports[0];
        for (int i = 0; i < nodeCount; i++) {
            String name = "node-" + i;
            Path nodeDir = dir.resolve("nodes").resolve(name);
            BlsKeyPair key = BlsKeyPair.generate(random);
            NodeConfigFile.writeKey(nodeDir.resolve("bls.key"), key);
            new NodeConfigFile(name, ids.get(i), "bls.key", "data", host + ":" + ports[i + 1], chainUrl, null)
                    .write(nodeDir.resolve("node.json"));
            String address = addressing.nodeHost(i) + ":" + ports[i + 1];
            members.add(new StorageNodeInfo(ids.get(i), name, address, key.publicKey(), shards.get(i)));
            entries.add(new NodeEntry(name, ids.get(i), ports[i + 1], "nodes/" + name, address));
        }
        if (account == null) {
            byte[] acct = new byte[32];
            random.nextBytes(acct);
            account = Address.of(acct);
        }
        byte[] chainId = new byte[6];
        random.nextBytes(chainId);
        String id = "walrus-stream-local-" + HexFormat.of().formatHex(chainId);
        LocalChainGenesis genesis = new LocalChainGenesis(id, nShards, members, LocalChainGenesis.DEFAULT_STORAGE_PRICE,
                LocalChainGenesis.DEFAULT_WRITE_PRICE, LocalChainGenesis.DEFAULT_MAX_EPOCHS_AHEAD,
                LocalChainGenesis.DEFAULT_CAPACITY, 1, 0, Map.of(account, LocalChainGenesis.DEFAULT_ACCOUNT_FUNDS));
        LocalChain.create(dir.resolve(CHAIN_DIR), genesis, null).close();
        Manifest manifest = new Manifest(id, nShards, host, ports[0], account, entries);
        ObjectMapper json = ChainJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode client = json.createObjectNode();
        ObjectNode chainNode = client.putObject("chain");
        chainNode.put("kind", "local");
        chainNode.put("url", chainUrl);
        chainNode.put("note", "LocalChain: a development ledger on this machine, not Sui");
        client.put("account", account.hex());
        Files.write(dir.resolve(CLIENT_CONFIG), json.writeValueAsBytes(client));
        Files.write(dir.resolve(MANIFEST), json.writeValueAsBytes(manifest));
        return new LocalNetwork(dir, manifest);
    }

    public static LocalNetwork open(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new IOException("no network in " + dir + ": " + dir.resolve(MANIFEST) + " is missing");
        }
        return new LocalNetwork(dir, ChainJson.mapper().readValue(dir.resolve(MANIFEST).toFile(), Manifest.class));
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
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket();
                sockets[i].bind(new InetSocketAddress(host, 0));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** Limits used for every node started from now on instead of those in its node.json. */
    public LocalNetwork withNodeLimits(NodeLimits limits) {
        this.limitsOverride = limits;
        return this;
    }

    /** Starts LocalChain's service and every node. */
    public LocalNetwork start() throws Exception {
        startChain();
        for (int i = 0; i < nodes.length; i++) {
            startNode(i);
        }
        return this;
    }

    public void startChain() throws IOException {
        if (service != null) {
            return;
        }
        chain = LocalChain.open(dir.resolve(CHAIN_DIR), manifest.account());
        try {
            service = LocalChainService.start(chain, manifest.host(), manifest.chainPort());
        } catch (IOException e) {
            chain.close();
            chain = null;
            throw new IOException("LocalChain cannot listen on " + manifest.host() + ":" + manifest.chainPort()
                    + " (is another network running from " + dir + "?): " + e.getMessage(), e);
        }
    }

    public void startNode(int i) throws Exception {
        if (nodes[i] != null) {
            return;
        }
        startNode(i, new RemoteChain(chainUrl(), null));
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
            nodes[i] = StorageNode.start(config, chain, Duration.ofSeconds(30));
        } catch (Exception e) {
            nodeChains[i] = null;
            chain.close();
            throw e;
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

    public Address account() {
        return manifest.account();
    }

    /** The ledger (running in this process once started). */
    public LocalChain chain() {
        return chain;
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

    /** Shards node {@code i} holds. */
    public List<Integer> shardsOf(int i) {
        ObjectId id = manifest.nodes().get(i).nodeId();
        return chain.genesis().members().stream().filter(m -> m.nodeId().equals(id)).findFirst().orElseThrow().shards();
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
        if (service != null) {
            service.close();
            service = null;
        }
        if (chain != null) {
            chain.close();
            chain = null;
        }
        Arrays.fill(nodeChains, null);
    }
}
