package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code net init --chain sui-local} and the client commands against it: the client configuration
 * is of kind sui, so store, read and blob-status run SuiChain over gRPC, as they would against
 * Sui testnet; {@code --chain sui} flags give the same without a configuration file.
 */
class SuiLocalCommandsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path net;
    static LocalNetwork running;
    static String config;

    @BeforeAll
    static void start() throws Exception {
        net = dir.resolve("net");
        Cli.Run init = Cli.run("net", "init", "--dir", net.toString(), "--chain", "sui-local", "--nodes", "4",
                "--shards", "10");
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("Sui ledger (LocalChain)"), init.out());
        running = LocalNetwork.open(net).start();
        config = net.resolve(LocalNetwork.CLIENT_CONFIG).toString();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void theClientConfigurationIsASuiOneAndNodesFollowItToo() throws Exception {
        JsonNode client = JSON.readTree(Files.readString(Path.of(config)));
        assertEquals("sui", client.path("chain").path("kind").asText());
        assertTrue(client.path("chain").path("network").asText().startsWith("http://127.0.0.1:"));
        assertEquals("file:" + ChainBackend.SUI_KEY_FILE, client.path("chain").path("key").asText());
        ClientConfig cfg = ClientConfig.read(Path.of(config));
        assertEquals(running.localSui().ids().systemObject().toString(), cfg.chainSettings().get("sui.walrus.system-object"));
        JsonNode node = JSON.readTree(Files.readString(net.resolve("nodes/node-0/node.json")));
        assertEquals("../../client.json", node.path("chainConfig").asText());
        try (var chain = cfg.openChain(true)) {
            assertTrue(chain.account().isEmpty());
            assertEquals(4, chain.committee().size());
        }
    }

    @Test
    void storeReadAndStatusRunOnSuiChain() throws Exception {
        byte[] data = new byte[30_000];
        new Random(3).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        String blobId = RedStuff.create().encode(10, data).blobId().base64Url();
        Cli.Run store = Cli.run("store", "--config", config, "--epochs", "2", "--permanent", "--json", file.toString());
        assertEquals(0, store.exit(), store.out() + store.err());
        JsonNode blob = JSON.readTree(store.out()).get(0).path("blobStoreResult").path("newlyCreated").path("blobObject");
        assertEquals(blobId, blob.path("blobId").asText());
        assertEquals(1, blob.path("certifiedEpoch").asInt());

        Path out = dir.resolve("back.bin");
        Cli.Run read = Cli.run("read", "--config", net.toString(), blobId, "--out", out.toString());
        assertEquals(0, read.exit(), read.err());
        assertArrayEquals(data, Files.readAllBytes(out));

        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode status;
        do {
            Cli.Run s = Cli.run("blob-status", "--config", config, "--json", blobId);
            status = s.exit() == 0 ? JSON.readTree(s.out()) : null;
            if (status != null && status.path("status").path("permanent").path("isCertified").asBoolean()) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertTrue(status != null && status.path("status").path("permanent").path("isCertified").asBoolean(),
                String.valueOf(status));
        assertEquals(4, status.path("nodeStatuses").size());

        // the same account through --chain sui flags, without a configuration file
        JsonNode c = JSON.readTree(Files.readString(Path.of(config))).path("chain");
        Path other = dir.resolve("other.txt");
        Files.writeString(other, "stored with --chain sui flags");
        Cli.Run flags = Cli.run("store", "--chain", "sui", "--network", c.path("network").asText(),
                "--key", "file:" + net.resolve(ChainBackend.SUI_KEY_FILE), "--system-object", c.path("systemObject").asText(),
                "--staking-object", c.path("stakingObject").asText(), "--wal-coin-type", c.path("walCoinType").asText(),
                other.toString());
        assertEquals(0, flags.exit(), flags.out() + flags.err());
        assertTrue(flags.out().contains("Success: Deletable blob stored successfully."), flags.out());
        assertTrue(flags.out().contains("on LocalChain served as a Sui ledger, not Sui"), flags.out());
    }

    @Test
    void errorsNameWhatIsMissingOrMismatched() throws Exception {
        Cli.Run noSystem = Cli.run("store", "--chain", "sui", "--network", "http://127.0.0.1:9", "--key", "env:NOPE",
                "x");
        assertEquals(1, noSystem.exit());
        assertTrue(noSystem.err().contains("Walrus System object ID (sui.walrus.system-object)"), noSystem.err());
        Cli.Run none = Cli.run("store", "x");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("--config FILE"), none.err());
        Cli.Run mismatch = Cli.run("net", "start", "--dir", net.toString(), "--chain", "local");
        assertEquals(1, mismatch.exit());
        assertTrue(mismatch.err().contains("'sui-local' chain"), mismatch.err());
        Path small = dir.resolve("small.bin");
        Files.write(small, new byte[] {4, 5, 6});
        Cli.Run poor = Cli.run("store", "--config", config, "--sui-setting", "sui.max-gas-budget=1", "--json",
                small.toString());
        assertEquals(1, poor.exit(), poor.out() + poor.err());
        assertTrue(poor.out().contains("\"failurePhase\" : \"register\""), poor.out());
        assertTrue(poor.out().contains("INSUFFICIENT_GAS"), poor.out());
    }
}
