package dev.walrusstream.testsupport;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.chain.SuiChainOptions;
import dev.walrusstream.sui.config.SuiConfig;
import dev.walrusstream.sui.exec.GasPolicy;
import dev.walrusstream.sui.keys.KeySource;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.node.NodeLimits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Real local networks (LocalChain service or LocalSui, Jetty/RocksDB nodes) for the integration tests, and
 * what their nodes hold over the REST API.
 */
public final class Networks {
    /** Node limits that make recovery quick enough for a test to wait for. */
    public static final NodeLimits LIMITS = NodeLimits.DEFAULTS.withRecovery(Duration.ofMillis(300), Duration.ofSeconds(2));

    private Networks() {
    }

    /** Opens the network in {@code dir}, or creates one of {@code nodes} nodes and {@code shards} shards, and starts it. */
    public static LocalNetwork start(Path dir, int nodes, int shards) throws Exception {
        LocalNetwork network = LocalNetwork.exists(dir) ? LocalNetwork.open(dir) : LocalNetwork.init(dir, nodes, shards, "127.0.0.1");
        return network.withNodeLimits(LIMITS).start();
    }

    /**
     * A new network whose ledger is served as Sui over gRPC ({@code sui-local}), its genesis funding
     * {@code account}; nodes follow it through read-only SuiChains polling quickly.
     */
    public static LocalNetwork createSui(Path dir, int nodes, int shards, SuiKeyPair account) throws Exception {
        LocalNetwork network = LocalNetwork.init(dir, nodes, shards, LocalNetwork.Addressing.local("127.0.0.1"),
                account.address(), ChainBackend.LOCAL_SUI).withNodeLimits(LIMITS);
        return startSui(network);
    }

    /** Serves a sui-local network's ledger and starts every node on a quick read-only SuiChain. */
    public static LocalNetwork startSui(LocalNetwork network) throws Exception {
        network.startChain();
        for (int i = 0; i < network.size(); i++) {
            network.startNode(i, suiChain(network, null));
        }
        return network;
    }

    /** A SuiChain on a sui-local network acting for {@code key}, or read-only (as nodes use it) when null. */
    public static SuiChain suiChain(LocalNetwork network, SuiKeyPair key) {
        SuiConfig.Builder b = network.suiConfig()
                .gasPolicy(new GasPolicy(50_000_000L, 2_000_000_000L, Duration.ofSeconds(10)));
        SuiConfig config = key == null ? b.readOnly(true).build() : b.key(KeySource.parse(key.toSuiPrivateKey())).build();
        return SuiChain.open(config, new SuiChainOptions(Duration.ofMillis(300), SuiChainOptions.EventStart.EARLIEST,
                "auto", Duration.ofSeconds(3)));
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static List<Integer> pairsOf(LocalNetwork network, int node, BlobId id) {
        RedStuffParams p = RedStuffParams.of(network.manifest().nShards());
        return network.shardsOf(node).stream().map(s -> p.pairOfShard(id, s)).toList();
    }

    /** Index of the node holding {@code pair} of the blob. */
    public static int nodeOfPair(LocalNetwork network, BlobId id, int pair) {
        int shard = RedStuffParams.of(network.manifest().nShards()).shardOfPair(id, pair);
        for (int i = 0; i < network.size(); i++) {
            if (network.shardsOf(i).contains(shard)) {
                return i;
            }
        }
        throw new AssertionError("no node holds shard " + shard);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static String sliverStatus(LocalNetwork network, int node, BlobId id, int pair, String type) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(network.node(node).url()
                + "/v1/blobs/" + id.base64Url() + "/slivers/" + pair + "/" + type + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    public static byte[] sliver(LocalNetwork network, int node, BlobId id, int pair, String type) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(network.node(node).url()
                + "/v1/blobs/" + id.base64Url() + "/slivers/" + pair + "/" + type)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Waits until node {@code node} holds both slivers of every pair it owns for the blob. */
    public static void awaitFullyStored(LocalNetwork network, int node, BlobId id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (int pair : pairsOf(network, node, id)) {
                for (String type : List.of("primary", "secondary")) {
                    all &= sliverStatus(network, node, id, pair, type).contains("\"stored\"");
                }
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + node + " did not get all slivers of " + id + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
