package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** store, read, blob-status and net init through the launcher against a running local network. */
class StorageCommandsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static LocalNetwork network;
    static String config;

    @BeforeAll
    static void start() throws Exception {
        Cli.Network started = Cli.initAndStart(dir.resolve("net"));
        assertTrue(started.init().out().contains("not Sui"), started.init().out());
        network = started.network();
        config = started.config();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void storeReadAndStatusInWalrusJson() throws Exception {
        byte[] data = new byte[12_345];
        new Random(9).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        String blobId = RedStuff.create().encode(10, data).blobId().base64Url();

        Cli.Run store = Cli.run("store", "--config", config, "--epochs", "3", "--permanent", "--json", file.toString());
        assertEquals(0, store.exit(), store.out() + store.err());
        JsonNode created = JSON.readTree(store.out()).get(0);
        assertEquals(file.toString(), created.get("path").asText());
        JsonNode blob = created.path("blobStoreResult").path("newlyCreated").path("blobObject");
        assertEquals(blobId, blob.path("blobId").asText());
        assertEquals("RS2", blob.path("encodingType").asText());
        assertEquals(1, blob.path("certifiedEpoch").asInt());
        assertEquals(4, blob.path("storage").path("endEpoch").asInt());
        assertTrue(blob.path("id").asText().startsWith("0x"));
        assertEquals(3, created.path("blobStoreResult").path("newlyCreated").path("resourceOperation")
                .path("registerFromScratch").path("epochsAhead").asInt());

        Cli.Run again = Cli.run("store", "--config", config, "--epochs", "2", "--permanent", "--json", file.toString());
        JsonNode already = JSON.readTree(again.out()).get(0).path("blobStoreResult").path("alreadyCertified");
        assertEquals(blobId, already.path("blobId").asText());
        assertEquals(4, already.path("endEpoch").asInt());
        assertTrue(already.path("event").has("txDigest"), again.out());

        Path out = dir.resolve("back.bin");
        Cli.Run read = Cli.run("read", "--config", dir.resolve("net").toString(), blobId, "--out", out.toString());
        assertEquals(0, read.exit(), read.err());
        assertArrayEquals(data, Files.readAllBytes(out));
        Cli.Run readJson = Cli.run("read", "--config", config, "--json", blobId);
        assertArrayEquals(data, Base64.getDecoder().decode(JSON.readTree(readJson.out()).path("blob").asText()));

        Cli.Run status = Cli.run("blob-status", "--config", config, "--json", blobId);
        JsonNode s = JSON.readTree(status.out());
        assertEquals(blobId, s.path("blobId").asText());
        assertTrue(s.path("status").path("permanent").path("isCertified").asBoolean(), status.out());
        assertEquals(4, s.path("nodeStatuses").size());
        Cli.Run human = Cli.run("blob-status", "--config", config, blobId);
        assertTrue(human.out().contains("permanent, certified, expires at epoch 4"), human.out());
    }

    @Test
    void humanOutputAndDeletableDefault() throws Exception {
        Path file = dir.resolve("hello.txt");
        Files.writeString(file, "hello walrus stream");
        Cli.Run store = Cli.run("store", "--config", config, file.toString());
        assertEquals(0, store.exit(), store.err());
        assertTrue(store.out().startsWith("Success: Deletable blob stored successfully."), store.out());
        assertTrue(store.out().contains("Blob ID: " + RedStuff.create().encode(10,
                "hello walrus stream".getBytes(java.nio.charset.StandardCharsets.UTF_8)).blobId()), store.out());
        assertTrue(store.out().contains("not Sui"), store.out());
    }

    @Test
    void errorsNameWhatWasWrong() throws Exception {
        Cli.Run badId = Cli.run("read", "--config", config, "not-a-blob-id");
        assertEquals(1, badId.exit());
        assertTrue(badId.err().contains("BLOB_ID"), badId.err());
        Cli.Run unknown = Cli.run("read", "--config", config, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("NOT_FOUND"), unknown.err());
        Cli.Run noConfig = Cli.run("store", "--config", dir.resolve("nope.json").toString(), "x");
        assertEquals(1, noConfig.exit());
        assertTrue(noConfig.err().contains("no client configuration"), noConfig.err());
        Cli.Run noFile = Cli.run("store", "--config", config, dir.resolve("missing.bin").toString());
        assertEquals(1, noFile.exit());
        assertTrue(noFile.err().contains("no such file"), noFile.err());
        Cli.Run mismatch = Cli.run("net", "start", "--dir", dir.resolve("net").toString(), "--nodes", "7");
        assertEquals(1, mismatch.exit());
        assertTrue(mismatch.err().contains("do not match"), mismatch.err());
        Path small = dir.resolve("small.bin");
        java.nio.file.Files.write(small, new byte[] {1, 2, 3});
        Cli.Run tooMany = Cli.run("store", "--config", config, "--epochs", "500", "--json", small.toString());
        assertEquals(1, tooMany.exit());
        assertTrue(tooMany.out().contains("\"failurePhase\" : \"register\""), tooMany.out());
        assertTrue(tooMany.out().contains("INVALID_EPOCHS_AHEAD"), tooMany.out());
    }
}
