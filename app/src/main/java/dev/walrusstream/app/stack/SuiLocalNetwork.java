package dev.walrusstream.app.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Address;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.node.LocalNetwork;
import dev.walrusstream.node.NodeConfigFile;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.local.LocalSui;
import dev.walrusstream.sui.local.LocalSuiIds;
import dev.walrusstream.sui.local.LocalSuiOptions;
import dev.walrusstream.sui.local.LocalSuiServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A local network whose chain is LocalChain served as a Sui ledger ({@code net start --chain
 * sui-local}): the same directory layout as {@link LocalNetwork}, plus {@code chain/sui.json}, the
 * funded account's Sui key ({@code sui-account.key}) and a {@code client.json} of kind {@code sui}
 * pointing at the loopback gRPC server; nodes follow it through read-only SuiChains (their
 * {@code node.json} names {@code client.json} as {@code chainConfig}). The same client code runs
 * against it as against Sui testnet.
 */
public final class SuiLocalNetwork implements AutoCloseable {
    public static final String KEY_FILE = "sui-account.key";

    private final LocalNetwork network;
    private LocalSui sui;
    private LocalSuiServer server;

    private SuiLocalNetwork(LocalNetwork network) {
        this.network = network;
    }

    /** True when {@code dir} holds a network created with {@code --chain sui-local}. */
    public static boolean isSui(Path dir) {
        return LocalSui.exists(dir.resolve(LocalNetwork.CHAIN_DIR));
    }

    /** Creates a network: keys, nodes, genesis funding a fresh Sui key, the Sui ledger and client.json. */
    public static LocalNetwork init(Path dir, int nodes, int shards, String host) throws IOException {
        SuiKeyPair key = SuiKeyPair.generate(new SecureRandom());
        LocalNetwork network = LocalNetwork.init(dir, nodes, shards, host, Address.of(key.address().bytes()));
        LocalSuiIds ids;
        try (LocalSui sui = LocalSui.createFrom(dir.resolve(LocalNetwork.CHAIN_DIR), LocalSuiOptions.DEFAULTS)) {
            ids = sui.ids();
        }
        Path keyFile = dir.resolve(KEY_FILE);
        Files.writeString(keyFile, key.toSuiPrivateKey() + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        ObjectMapper json = ChainJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode client = json.createObjectNode();
        ObjectNode chain = client.putObject("chain");
        chain.put("kind", ClientConfig.SUI);
        chain.put("network", "http://" + host + ":" + network.manifest().chainPort());
        chain.put("key", "file:" + KEY_FILE);
        chain.put("systemObject", ids.systemObject().toString());
        chain.put("stakingObject", ids.stakingObject().toString());
        chain.put("walCoinType", ids.walCoinType());
        chain.put("note", "LocalChain served as a Sui ledger on loopback (sui.rpc.v2 gRPC): a development ledger, "
                + "not Sui");
        client.put("account", key.address().toString());
        Files.write(dir.resolve(LocalNetwork.CLIENT_CONFIG), json.writeValueAsBytes(client));
        for (LocalNetwork.NodeEntry e : network.manifest().nodes()) {
            Path file = dir.resolve(e.dir()).resolve("node.json");
            Path relative = dir.resolve(e.dir()).relativize(dir.resolve(LocalNetwork.CLIENT_CONFIG));
            NodeConfigFile.read(file).withChainConfig(relative.toString()).write(file);
        }
        return network;
    }

    /** Starts the Sui ledger and its gRPC server on the network's chain port, then every node. */
    public static SuiLocalNetwork start(LocalNetwork network) throws Exception {
        SuiLocalNetwork n = new SuiLocalNetwork(network);
        try {
            n.startChain();
            ClientConfig config = ClientConfig.read(network.clientConfig());
            for (int i = 0; i < network.size(); i++) {
                network.startNode(i, config.openChain(true));
            }
        } catch (Exception e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void startChain() throws IOException {
        sui = LocalSui.open(network.dir().resolve(LocalNetwork.CHAIN_DIR));
        try {
            server = LocalSuiServer.start(sui, network.manifest().host(), network.manifest().chainPort());
        } catch (IOException e) {
            sui.close();
            throw new IOException(e.getMessage() + " (is another network running from " + network.dir() + "?)", e);
        }
    }

    public LocalNetwork network() {
        return network;
    }

    public LocalSui ledger() {
        return sui;
    }

    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        network.close();
        if (server != null) {
            server.close();
            server = null;
        }
        if (sui != null) {
            sui.close();
            sui = null;
        }
    }
}
