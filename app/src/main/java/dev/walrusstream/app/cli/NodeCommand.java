package dev.walrusstream.app.cli;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.node.NodeConfig;
import dev.walrusstream.node.NodeConfigFile;
import dev.walrusstream.node.StorageNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code walrus-stream node --config FILE}: one storage node as its own process. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run one storage node (Walrus storage-node REST API, RocksDB) until Ctrl-C. FILE is a node.json "
                + "as walrus-stream net init writes it (nodes/node-i/node.json).")
public final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node's configuration file.")
    Path config;

    @Option(names = "--chain-wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the chain to answer at start (default: ${DEFAULT-VALUE}).")
    int chainWait;

    PrintStream out = System.out;

    /**
     * The chain the node follows: LocalChain at {@code chainUrl}, or the chain of {@code chainConfig}, read-only,
     * or signing with the node's own Sui key when {@code suiKeyFile} is set (its {@code epoch_sync_done}).
     */
    static Chain openChain(NodeConfigFile file, Path base) throws java.io.IOException {
        if (file.chainConfig() == null) {
            if (file.suiKeyFile() != null) {
                throw new IllegalArgumentException("node configuration of " + file.name() + ": suiKeyFile "
                        + file.suiKeyFile() + " needs a Sui chain (chainConfig), but the node follows LocalChain at "
                        + file.chainUrl());
            }
            return new LocalChainHttpClient(file.chainUrl(), null);
        }
        ClientConfig client = ClientConfig.read(base.resolve(file.chainConfig()));
        if (file.suiKeyFile() == null) {
            return client.openChain(true);
        }
        Path key = base.resolve(file.suiKeyFile());
        if (!java.nio.file.Files.isRegularFile(key)) {
            throw new java.io.IOException("node configuration of " + file.name() + ": suiKeyFile " + key
                    + " does not exist");
        }
        return client.withSuiKey("file:" + key.toAbsolutePath()).openChain(false);
    }

    @Override
    public Integer call() throws Exception {
        NodeConfigFile file = NodeConfigFile.read(config);
        NodeConfig nodeConfig = file.toConfig(config.toAbsolutePath().getParent());
        Path base = config.toAbsolutePath().getParent();
        Chain chain = openChain(file, base);
        StorageNode node;
        try {
            node = StorageNode.start(nodeConfig, chain, Duration.ofSeconds(chainWait));
        } catch (Exception e) {
            chain.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            chain.close();
            stopped.countDown();
        }, "walrus-stream-node-shutdown"));
        out.println("Storage node " + node.name() + " (" + nodeConfig.nodeId() + ") serving at " + node.url()
                + ", epoch " + node.epoch() + ", data in " + nodeConfig.dataDir());
        out.println("Chain: " + chain.info().description() + chain.account().map(a -> "; epoch sync reported as " + a)
                .orElse(""));
        out.println("Running until Ctrl-C.");
        out.flush();
        stopped.await();
        return 0;
    }
}
