package dev.walrusstream.app;

import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

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
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Starts {@code walrus-stream args...} in a child JVM and waits for {@code ready} on its output. */
    private Process launch(String ready, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains(ready)) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe flowing
                        }
                    } catch (IOException e) {
                        // process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("walrus-stream " + String.join(" ", args) + " did not report '" + ready + "':\n" + seen);
    }

    @Test
    void chainAndNodesAsSeparateProcessesThenNetStart() throws Exception {
        Path net = dir.resolve("net");
        assertEquals(0, Cli.run("net", "init", "--dir", net.toString(), "--nodes", "4", "--shards", "10").exit());
        LocalNetwork layout = LocalNetwork.open(net);
        launch("Running until Ctrl-C", "chain", "--dir", net.toString());
        for (LocalNetwork.NodeEntry e : layout.manifest().nodes()) {
            launch("Running until Ctrl-C", "node", "--config", net.resolve(e.dir()).resolve("node.json").toString());
        }
        byte[] data = new byte[200_000];
        new Random(4).nextBytes(data);
        ClientOptions options = ClientOptions.DEFAULTS.withRetries(1, Duration.ofMillis(100));
        StoreResult.NewlyCreated created;
        try (StorageClient client = new StorageClient(new LocalChainHttpClient(layout.chainUrl(), layout.account()), options)) {
            created = assertInstanceOf(StoreResult.NewlyCreated.class, client.store(data, StoreOptions.permanent(2)));
            assertEquals(4, created.confirmedBy().size());
            // one node process (2 of 10 shards) dies: writes still certify with the other 8 shards (quorum 7)
            Process node3 = processes.get(4);
            node3.destroy();
            node3.waitFor(20, TimeUnit.SECONDS);
            byte[] more = new byte[5_000];
            new Random(5).nextBytes(more);
            StoreResult r = client.store(more, StoreOptions.permanent(2));
            assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
            assertArrayEquals(data, client.read(created.blobId()));
        }
        stopAll();
        processes.clear();

        launch("Running until Ctrl-C", "net", "start", "--dir", net.toString());
        try (StorageClient client = new StorageClient(new LocalChainHttpClient(layout.chainUrl(), layout.account()), options)) {
            assertArrayEquals(data, client.read(created.blobId()));
        }
    }
}
