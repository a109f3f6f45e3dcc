package dev.walrusstream.client;

import dev.walrusstream.chain.Address;
import dev.walrusstream.node.LocalNetwork;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.chain.SuiChainOptions;
import dev.walrusstream.sui.config.SuiConfig;
import dev.walrusstream.sui.exec.GasPolicy;
import dev.walrusstream.sui.keys.KeySource;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.local.LocalSui;
import dev.walrusstream.sui.local.LocalSuiOptions;
import dev.walrusstream.sui.local.LocalSuiServer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A storage network whose chain is LocalChain served as a Sui ledger over gRPC on loopback: the
 * nodes follow it through read-only SuiChains (checkpoints, events), the client writes through a
 * SuiChain with a real Ed25519 key.
 */
final class SuiNetworks implements AutoCloseable {
    final LocalNetwork network;
    LocalSui sui;
    LocalSuiServer server;

    private SuiNetworks(LocalNetwork network) {
        this.network = network;
    }

    /** A new network of {@code nodes} nodes and {@code shards} shards whose genesis funds {@code account}. */
    static SuiNetworks create(Path dir, int nodes, int shards, SuiKeyPair account) throws Exception {
        LocalNetwork network = LocalNetwork.init(dir, nodes, shards, "127.0.0.1", Address.of(account.address().bytes()))
                .withNodeLimits(Networks.LIMITS);
        LocalSui.createFrom(dir.resolve(LocalNetwork.CHAIN_DIR), LocalSuiOptions.DEFAULTS).close();
        return new SuiNetworks(network).start();
    }

    /** Starts the ledger, its gRPC server on the network's chain port, and every node. */
    SuiNetworks start() throws Exception {
        sui = LocalSui.open(network.dir().resolve(LocalNetwork.CHAIN_DIR));
        server = LocalSuiServer.start(sui, network.manifest().host(), network.manifest().chainPort());
        for (int i = 0; i < network.size(); i++) {
            network.startNode(i, chain(null));
        }
        return this;
    }

    SuiConfig config(SuiKeyPair key) {
        SuiConfig.Builder b = SuiConfig.builder().network(server.url()).walrusSystemObject(sui.ids().systemObject())
                .walrusStakingObject(sui.ids().stakingObject()).walCoinType(sui.ids().walCoinType())
                .gasPolicy(new GasPolicy(50_000_000L, 2_000_000_000L, Duration.ofSeconds(10)));
        return key == null ? b.readOnly(true).build() : b.key(KeySource.parse(key.toSuiPrivateKey())).build();
    }

    /** A SuiChain for {@code key}, or read-only (as nodes use it) when null. */
    SuiChain chain(SuiKeyPair key) {
        return SuiChain.open(config(key), new SuiChainOptions(Duration.ofMillis(300),
                SuiChainOptions.EventStart.EARLIEST, "auto", Duration.ofSeconds(3)));
    }

    /** Stops nodes, server and ledger; the directory keeps everything. */
    void stop() {
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

    @Override
    public void close() {
        stop();
    }
}
