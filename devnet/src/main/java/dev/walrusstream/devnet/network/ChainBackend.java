package dev.walrusstream.devnet.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.ChainSpec;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.chain.http.LocalChainProvider;
import dev.walrusstream.devnet.chain.LocalChain;
import dev.walrusstream.devnet.chain.LocalChainHttpServer;
import dev.walrusstream.devnet.sui.LocalSui;
import dev.walrusstream.devnet.sui.LocalSuiGrpcServer;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.devnet.sui.LocalSuiOptions;
import dev.walrusstream.node.NodeConfigFile;
import dev.walrusstream.sui.chain.SuiChainProvider;
import dev.walrusstream.sui.keys.SuiKeyPair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link LocalNetwork} serves its ledger (the {@link dev.walrusstream.devnet.ledger.LocalLedger}
 * in {@code DIR/chain}) and how its nodes and clients reach it:
 * <ul>
 *   <li>{@link #LOCAL_CHAIN} ({@code local}): LocalChain over HTTP/JSON; clients use chain kind {@code local};</li>
 *   <li>{@link #LOCAL_SUI} ({@code sui-local}): the same ledger served as Sui over gRPC (LocalSui);
 *       nodes follow it through read-only SuiChains and clients use chain kind {@code sui} with a real
 *       Ed25519 key, exactly as against Sui testnet.</li>
 * </ul>
 * The choice is made when the network is created and read back from its directory.
 */
public sealed interface ChainBackend permits ChainBackend.LocalChainHttp, ChainBackend.LocalSuiGrpc {
    ChainBackend LOCAL_CHAIN = new LocalChainHttp();
    ChainBackend LOCAL_SUI = new LocalSuiGrpc();

    /** The funded account's Sui key of a {@code sui-local} network, in its directory. */
    String SUI_KEY_FILE = "sui-account.key";

    /**
     * A storage node's own Sui key on a {@code sui-local} network, in its directory ({@code node.json}'s
     * {@code suiKeyFile}): it owns the node's {@code StorageNodeCap} and signs its {@code epoch_sync_done}.
     */
    String NODE_SUI_KEY_FILE = "sui.key";

    /** SUI (MIST) the faucet gives each node's key for gas: 10 SUI. */
    long NODE_GAS_MIST = 10_000_000_000L;

    /** {@code local} or {@code sui-local}: how commands name it. */
    String name();

    /** The backend named {@code name} ({@code local} or {@code sui-local}). */
    static ChainBackend named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "local" -> LOCAL_CHAIN;
            case "sui-local" -> LOCAL_SUI;
            default -> throw new IllegalArgumentException("chain backend must be 'local' (LocalChain over HTTP) or "
                    + "'sui-local' (LocalChain served as Sui over gRPC), got '" + name + "'");
        };
    }

    /** The backend of the network in {@code dir}. */
    static ChainBackend of(Path dir) {
        return LocalSui.exists(dir.resolve(LocalNetwork.CHAIN_DIR)) ? LOCAL_SUI : LOCAL_CHAIN;
    }

    /** The account the genesis funds when none is asked for; may leave its key in {@code dir}. */
    SuiAddress newAccount(Path dir, SecureRandom random) throws IOException;

    /** After the ledger's genesis is written: the backend's own files and {@code client.json}. */
    void initialized(LocalNetwork network, String chainUrl) throws IOException;

    /** Serves the ledger on the network's chain port (epochs as the network's schedule says). */
    Served serve(LocalNetwork network) throws IOException;

    /** Registers {@code nodes} with no stake in the ledger of a network that is not running (its spare nodes). */
    void registerSpares(LocalNetwork network, java.util.List<dev.walrusstream.chain.StorageNodeInfo> nodes)
            throws IOException;

    /**
     * The chain client of node {@code index} of the network; {@code served} is the ledger when this process
     * serves it (null when another process does). Read-only, except on {@code sui-local} for a node with its
     * own Sui key: then it signs the node's {@code epoch_sync_done} with it.
     */
    Chain nodeChain(LocalNetwork network, Served served, int index);

    /** The Sui address of node {@code nodeDir}'s own key ({@link #NODE_SUI_KEY_FILE}), if it has one. */
    static java.util.Optional<SuiAddress> nodeSuiAddress(Path nodeDir) throws IOException {
        Path file = nodeDir.resolve(NODE_SUI_KEY_FILE);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(SuiKeyPair.fromSuiPrivateKey(Files.readString(file, StandardCharsets.US_ASCII)
                    .trim()).address());
        } catch (IllegalArgumentException e) {
            throw new IOException("node Sui key " + file + " is not a suiprivkey1… key: " + e.getMessage(), e);
        }
    }

    /** Writes a new Sui key for the node in {@code nodeDir} (readable by its owner only); returns its address. */
    static SuiAddress newNodeKey(Path nodeDir, SecureRandom random) throws IOException {
        Path file = nodeDir.resolve(NODE_SUI_KEY_FILE);
        if (Files.exists(file)) {
            throw new IOException("node Sui key " + file + " already exists");
        }
        SuiKeyPair key = SuiKeyPair.generate(random);
        Files.createDirectories(nodeDir);
        Files.writeString(file, key.toSuiPrivateKey() + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return key.address();
    }

    /** The ledger being served; close stops serving it. */
    sealed interface Served extends AutoCloseable permits ServedLocalChain, ServedLocalSui {
        /** The URL clients reach it at. */
        String url();

        /** Stake and node controls and the epoch state of the served ledger (through its front end). */
        StakeControl stake();

        @Override
        void close();
    }

    record ServedLocalChain(LocalChain chain, LocalChainHttpServer server, String url) implements Served {
        @Override
        public StakeControl stake() {
            return StakeControl.of(chain.ledger());
        }

        @Override
        public void close() {
            server.close();
            chain.close();
        }
    }

    record ServedLocalSui(LocalSui sui, LocalSuiGrpcServer server) implements Served {
        @Override
        public StakeControl stake() {
            return StakeControl.of(sui);
        }

        @Override
        public String url() {
            return server.url();
        }

        @Override
        public void close() {
            server.close();
            sui.close();
        }
    }

    private static void writeClientConfig(LocalNetwork network, ObjectNode client) throws IOException {
        ObjectMapper json = ChainJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.write(network.dir().resolve(LocalNetwork.CLIENT_CONFIG), json.writeValueAsBytes(client));
    }

    /** LocalChain over HTTP/JSON. */
    final class LocalChainHttp implements ChainBackend {
        private LocalChainHttp() {
        }

        @Override
        public String name() {
            return "local";
        }

        @Override
        public SuiAddress newAccount(Path dir, SecureRandom random) {
            byte[] acct = new byte[32];
            random.nextBytes(acct);
            return SuiAddress.of(acct);
        }

        @Override
        public void initialized(LocalNetwork network, String chainUrl) throws IOException {
            ObjectNode client = ChainJson.mapper().createObjectNode();
            ObjectNode chainNode = client.putObject("chain");
            chainNode.put("kind", LocalChainProvider.KIND);
            chainNode.put("url", chainUrl);
            chainNode.put("note", "LocalChain: a development ledger on this machine, not Sui");
            client.put("account", network.account().hex());
            writeClientConfig(network, client);
        }

        @Override
        public Served serve(LocalNetwork network) throws IOException {
            LocalChain chain = LocalChain.open(network.dir().resolve(LocalNetwork.CHAIN_DIR), network.account(),
                    network.epochDuration(), network.beforeEpochChange());
            try {
                LocalChainHttpServer server = LocalChainHttpServer.start(chain, network.manifest().host(),
                        network.manifest().chainPort());
                return new ServedLocalChain(chain, server, network.chainUrl());
            } catch (IOException e) {
                chain.close();
                throw new IOException("LocalChain cannot listen on " + network.manifest().host() + ":"
                        + network.manifest().chainPort() + " (is another network running from " + network.dir()
                        + "?): " + e.getMessage(), e);
            }
        }

        @Override
        public void registerSpares(LocalNetwork network, java.util.List<dev.walrusstream.chain.StorageNodeInfo> nodes)
                throws IOException {
            try (LocalChain chain = LocalChain.open(network.dir().resolve(LocalNetwork.CHAIN_DIR), null,
                    java.time.Duration.ZERO, () -> {
                    })) {
                nodes.forEach(n -> chain.ledger().registerNode(n, 0));
            }
        }

        @Override
        public Chain nodeChain(LocalNetwork network, Served served, int index) {
            return new LocalChainHttpClient(network.chainUrl(), null);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** The ledger served as Sui over gRPC. */
    final class LocalSuiGrpc implements ChainBackend {
        private LocalSuiGrpc() {
        }

        @Override
        public String name() {
            return "sui-local";
        }

        @Override
        public SuiAddress newAccount(Path dir, SecureRandom random) throws IOException {
            SuiKeyPair key = SuiKeyPair.generate(random);
            Files.createDirectories(dir);
            Path keyFile = dir.resolve(SUI_KEY_FILE);
            Files.writeString(keyFile, key.toSuiPrivateKey() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            return key.address();
        }

        @Override
        public void initialized(LocalNetwork network, String chainUrl) throws IOException {
            Path dir = network.dir();
            // every node gets its own Sui key: its StorageNodeCap is that address's, and it signs epoch_sync_done
            SecureRandom random = new SecureRandom();
            Map<dev.walrusstream.codec.ids.ObjectId, SuiAddress> operators = new LinkedHashMap<>();
            for (LocalNetwork.NodeEntry e : network.manifest().nodes()) {
                Path nodeDir = dir.resolve(e.dir());
                SuiAddress a = ChainBackend.nodeSuiAddress(nodeDir).orElse(null);
                operators.put(e.nodeId(), a != null ? a : ChainBackend.newNodeKey(nodeDir, random));
            }
            LocalSuiIds ids;
            try (LocalSui sui = LocalSui.createFrom(dir.resolve(LocalNetwork.CHAIN_DIR), LocalSuiOptions.DEFAULTS,
                    operators)) {
                ids = sui.ids();
                for (SuiAddress a : operators.values()) {
                    sui.mintSui(a, NODE_GAS_MIST); // gas from the faucet
                }
            }
            ObjectNode client = ChainJson.mapper().createObjectNode();
            ObjectNode chain = client.putObject("chain");
            chain.put("kind", SuiChainProvider.KIND);
            chain.put("network", chainUrl);
            if (Files.isRegularFile(dir.resolve(SUI_KEY_FILE))) {
                chain.put("key", "file:" + SUI_KEY_FILE);
            }
            chain.put("systemObject", ids.systemObject().toString());
            chain.put("stakingObject", ids.stakingObject().toString());
            chain.put("walCoinType", ids.walCoinType());
            chain.put("note", "LocalChain served as a Sui ledger on loopback (sui.rpc.v2 gRPC): a development "
                    + "ledger, not Sui");
            client.put("account", network.account().hex());
            writeClientConfig(network, client);
            for (LocalNetwork.NodeEntry e : network.manifest().nodes()) {
                Path file = dir.resolve(e.dir()).resolve("node.json");
                Path relative = dir.resolve(e.dir()).relativize(dir.resolve(LocalNetwork.CLIENT_CONFIG));
                NodeConfigFile.read(file).withChainConfig(relative.toString()).withSuiKeyFile(NODE_SUI_KEY_FILE)
                        .write(file);
            }
        }

        @Override
        public Served serve(LocalNetwork network) throws IOException {
            LocalSui sui = LocalSui.open(network.dir().resolve(LocalNetwork.CHAIN_DIR), network.epochDuration(),
                    network.beforeEpochChange());
            try {
                return new ServedLocalSui(sui, LocalSuiGrpcServer.start(sui, network.manifest().host(),
                        network.manifest().chainPort()));
            } catch (IOException e) {
                sui.close();
                throw new IOException(e.getMessage() + " (is another network running from " + network.dir() + "?)", e);
            }
        }

        @Override
        public void registerSpares(LocalNetwork network, java.util.List<dev.walrusstream.chain.StorageNodeInfo> nodes)
                throws IOException {
            try (LocalSui sui = LocalSui.open(network.dir().resolve(LocalNetwork.CHAIN_DIR), java.time.Duration.ZERO,
                    () -> {
                    })) {
                for (dev.walrusstream.chain.StorageNodeInfo n : nodes) {
                    int i = network.indexOf(n.nodeId());
                    SuiAddress operator = i < 0 ? null : ChainBackend.nodeSuiAddress(network.dir()
                            .resolve(network.manifest().nodes().get(i).dir())).orElse(null);
                    sui.registerNode(n, 0, operator); // its cap goes to the node's own key, funded already
                }
            }
        }

        @Override
        public Chain nodeChain(LocalNetwork network, Served served, int index) {
            if (!(served instanceof ServedLocalSui s)) {
                throw new IllegalStateException("the Sui ledger of " + network.dir() + " is not served by this "
                        + "process: start its chain first");
            }
            LocalSuiIds ids = s.sui().ids();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("sui.network", served.url());
            settings.put("sui.walrus.system-object", ids.systemObject().toString());
            settings.put("sui.walrus.staking-object", ids.stakingObject().toString());
            settings.put("sui.wal-coin-type", ids.walCoinType());
            Path key = network.dir().resolve(network.manifest().nodes().get(index).dir()).resolve(NODE_SUI_KEY_FILE);
            boolean signs = Files.isRegularFile(key);
            if (signs) {
                settings.put("sui.key", "file:" + key.toAbsolutePath());
            }
            return new SuiChainProvider().open(new ChainSpec(SuiChainProvider.KIND, served.url(), null, settings), !signs);
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
