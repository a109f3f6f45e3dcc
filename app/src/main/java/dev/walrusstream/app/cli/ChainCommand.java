package dev.walrusstream.app.cli;

import dev.walrusstream.devnet.chain.LocalChain;
import dev.walrusstream.devnet.chain.LocalChainHttpServer;
import dev.walrusstream.devnet.network.LocalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code walrus-stream chain --dir DIR}: LocalChain's service on its own, for nodes and clients in other processes. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "Serve LocalChain (a development ledger on this machine, not Sui) over HTTP/JSON until Ctrl-C, "
                + "or over Sui's gRPC API for a network made with --chain sui-local. DIR is a network directory "
                + "(walrus-stream net init) or a LocalChain directory holding genesis.json.")
public final class ChainCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Network or LocalChain directory.")
    Path dir;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: the network's, or 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on (default: the network's chain port; 0 picks a free one).")
    Integer port;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path chainDir = dir;
        String h = host == null ? "127.0.0.1" : host;
        int p = port == null ? 0 : port;
        if (LocalNetwork.exists(dir)) {
            LocalNetwork.Manifest m = LocalNetwork.open(dir).manifest();
            chainDir = dir.resolve(LocalNetwork.CHAIN_DIR);
            h = host == null ? m.host() : host;
            p = port == null ? m.chainPort() : port;
        } else if (!Files.isRegularFile(dir.resolve("genesis.json"))) {
            throw new IllegalArgumentException(dir + " is neither a network directory (network.json) nor a LocalChain "
                    + "directory (genesis.json); create one with: walrus-stream net init --dir " + dir);
        }
        if (dev.walrusstream.devnet.sui.LocalSui.exists(chainDir)) {
            return serveSui(chainDir, h, p);
        }
        LocalChain chain = LocalChain.open(chainDir, null);
        LocalChainHttpServer service;
        try {
            service = LocalChainHttpServer.start(chain, h, p);
        } catch (Exception e) {
            chain.close();
            throw new IllegalStateException("LocalChain cannot listen on " + h + ":" + p + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            chain.close();
            stopped.countDown();
        }, "walrus-stream-chain-shutdown"));
        out.println("LocalChain " + chain.info().chainId() + " serving at " + service.url() + ", epoch "
                + chain.currentEpoch() + ", " + chain.committee().size() + " storage nodes, "
                + chain.info().nShards() + " shards");
        out.println("  " + NetCommand.NOT_SUI);
        out.println("Running until Ctrl-C.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** A directory of {@code net init --chain sui-local}: LocalChain served as a Sui ledger over gRPC. */
    private int serveSui(Path chainDir, String h, int p) throws Exception {
        dev.walrusstream.devnet.sui.LocalSui sui = dev.walrusstream.devnet.sui.LocalSui.open(chainDir);
        dev.walrusstream.devnet.sui.LocalSuiGrpcServer server;
        try {
            server = dev.walrusstream.devnet.sui.LocalSuiGrpcServer.start(sui, h, p);
        } catch (Exception e) {
            sui.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            sui.close();
            stopped.countDown();
        }, "walrus-stream-chain-shutdown"));
        out.println("Sui ledger (LocalChain) " + sui.ids().chainId() + " serving sui.rpc.v2 gRPC at " + server.url()
                + ", Walrus epoch " + sui.walrusEpoch() + ", " + sui.committee().size() + " storage nodes, "
                + sui.info().nShards() + " shards");
        out.println("  Walrus System " + sui.ids().systemObject() + ", Staking " + sui.ids().stakingObject()
                + ", WAL " + sui.ids().walCoinType());
        out.println("  " + NetCommand.SUI_LOCAL);
        out.println("Running until Ctrl-C.");
        out.flush();
        stopped.await();
        return 0;
    }
}
