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

    @Override
    public Integer call() throws Exception {
        NodeConfigFile file = NodeConfigFile.read(config);
        NodeConfig nodeConfig = file.toConfig(config.toAbsolutePath().getParent());
        Path base = config.toAbsolutePath().getParent();
        Chain chain = file.chainConfig() != null
                ? ClientConfig.read(base.resolve(file.chainConfig())).openChain(true)
                : new LocalChainHttpClient(file.chainUrl(), null);
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
        out.println("Chain: " + chain.info().description());
        out.println("Running until Ctrl-C.");
        out.flush();
        stopped.await();
        return 0;
    }
}
