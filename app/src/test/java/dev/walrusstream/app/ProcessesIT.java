package dev.walrusstream.app;

import dev.walrusstream.testsupport.TestJvms;

import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.embedded.process.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Every component as its own process, as a deployment over several hosts would run them:
 * {@code walrus-stream chain --dir} and four {@code walrus-stream node --config}; then the whole
 * network again as one {@code walrus-stream net start} process from the same directory.
 */
class ProcessesIT {
    @TempDir
    Path dir;
    final List<ChildJvm> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (ChildJvm p : processes) {
            p.stop(Duration.ofSeconds(20));
        }
    }

    /** Starts {@code walrus-stream args...} in a child JVM and waits for {@code ready} in its output. */
    private ChildJvm launch(String name, String ready, String... args) {
        ChildJvm p = TestJvms.onTestClassPath(name, dir.resolve("processes"), Main.class.getName())
                .jvmOptions("-Xmx512m", "--add-modules=jdk.incubator.vector").args(args).start();
        processes.add(p);
        // generous: a JVM that opens RocksDB and joins the chain can take over a minute on a loaded machine
        return p.awaitLog(Pattern.quote(ready), Duration.ofMinutes(3));
    }

    @Test
    void chainAndNodesAsSeparateProcessesThenNetStart() throws Exception {
        Path net = dir.resolve("net");
        assertEquals(0, Cli.run("net", "init", "--dir", net.toString(), "--nodes", "4", "--shards", "10").exit());
        LocalNetwork layout = LocalNetwork.open(net);
        launch("chain", "Running until Ctrl-C", "chain", "--dir", net.toString());
        for (LocalNetwork.NodeEntry e : layout.manifest().nodes()) {
            launch("node-" + processes.size(), "Running until Ctrl-C", "node", "--config",
                    net.resolve(e.dir()).resolve("node.json").toString());
        }
        byte[] data = new byte[200_000];
        new Random(4).nextBytes(data);
        ClientOptions options = ClientOptions.DEFAULTS.withRetries(1, Duration.ofMillis(100));
        StoreResult.NewlyCreated created;
        try (StorageClient client = new StorageClient(new LocalChainHttpClient(layout.chainUrl(), layout.account()), options)) {
            created = assertInstanceOf(StoreResult.NewlyCreated.class, client.store(data, StoreOptions.permanent(2)));
            assertEquals(4, created.confirmedBy().size());
            // one node process (2 of 10 shards) dies: writes still certify with the other 8 shards (quorum 7)
            processes.get(4).stop(Duration.ofSeconds(20));
            byte[] more = new byte[5_000];
            new Random(5).nextBytes(more);
            StoreResult r = client.store(more, StoreOptions.permanent(2));
            assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
            assertArrayEquals(data, client.read(created.blobId()));
        }
        stopAll();
        processes.clear();

        launch("net-start", "Running until Ctrl-C", "net", "start", "--dir", net.toString());
        try (StorageClient client = new StorageClient(new LocalChainHttpClient(layout.chainUrl(), layout.account()), options)) {
            assertArrayEquals(data, client.read(created.blobId()));
        }
    }
}
