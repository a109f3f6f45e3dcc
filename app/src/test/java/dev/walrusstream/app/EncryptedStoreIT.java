package dev.walrusstream.app;

import dev.walrusstream.testsupport.NodeSlivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.EncryptedReads;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** store --encrypt and read --key-file through the launcher, and the decrypting read API, on a local network. */
class EncryptedStoreIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static LocalNetwork network;
    static String config;
    static Path key;
    static String keyId;
    static byte[] plaintext;
    static Path plainFile;

    @BeforeAll
    static void start() throws Exception {
        Cli.Network started = Cli.initAndStart(dir.resolve("net"));
        network = started.network();
        config = started.config();
        key = dir.resolve("archive.key");
        keyId = KeySources.generateKeyFile(key);
        plaintext = new byte[300_000];
        new Random(17).nextBytes(plaintext);
        plainFile = Files.write(dir.resolve("footage.bin"), plaintext);
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    static String storeEncrypted(Path file) throws Exception {
        Cli.Run store = Cli.run("store", "--config", config, "--encrypt", "--key-file", key.toString(), "--json",
                file.toString());
        assertEquals(0, store.exit(), store.out() + store.err());
        JsonNode r = JSON.readTree(store.out()).get(0);
        assertEquals(keyId, r.path("encryption").path("keyId").asText(), store.out());
        assertEquals(Files.size(file), r.path("encryption").path("plaintextSize").asLong());
        assertEquals(40, Base64.getDecoder().decode(r.path("encryption").path("wrappedKey").asText()).length);
        return r.path("blobStoreResult").path("newlyCreated").path("blobObject").path("blobId").asText();
    }

    @Test
    void encryptedRoundTripThroughStoreAndRead() throws Exception {
        String blobId = storeEncrypted(plainFile);
        Path back = dir.resolve("back.bin");
        Cli.Run read = Cli.run("read", "--config", config, "--key-file", key.toString(), "--out", back.toString(), "--", blobId);
        assertEquals(0, read.exit(), read.err());
        assertArrayEquals(plaintext, Files.readAllBytes(back));

        String again = storeEncrypted(plainFile);
        assertNotEquals(blobId, again, "identical plaintexts make different blobs: no deduplication when encrypted");
        Cli.Run human = Cli.run("store", "--config", config, "--encrypt", "--key-file", key.toString(),
                plainFile.toString());
        assertTrue(human.out().contains("Encrypted: AES-256-GCM, key ID " + keyId), human.out());
    }

    @Test
    void missingOrWrongKeyIsRefusedNamingTheKeyId() throws Exception {
        String blobId = storeEncrypted(plainFile);
        Path out = dir.resolve("nokey.bin");
        Cli.Run noKey = Cli.run("read", "--config", config, "--out", out.toString(), "--", blobId);
        assertEquals(1, noKey.exit());
        assertTrue(noKey.err().contains("encrypted with key ID '" + keyId + "'"), noKey.err());
        assertFalse(Files.exists(out), "nothing written without the key");

        Path other = dir.resolve("other.key");
        KeySources.generateKeyFile(other);
        Cli.Run wrong = Cli.run("read", "--config", config, "--key-file", other.toString(), "--out", out.toString(), "--", blobId);
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("refused") && wrong.err().contains(keyId), wrong.err());
        assertFalse(Files.exists(out));

        Cli.Run encryptNoKey = Cli.run("store", "--config", config, "--encrypt", plainFile.toString());
        assertEquals(1, encryptNoKey.exit());
        assertTrue(encryptNoKey.err().contains("--key-file"), encryptNoKey.err());
    }

    @Test
    void tamperedCiphertextIsAnErrorNeverGarbage() throws Exception {
        String blobId = storeEncrypted(plainFile);
        Path raw = dir.resolve("raw.bin");
        Cli.Run read = Cli.run("read", "--config", config, "--raw", "--out", raw.toString(), "--", blobId);
        assertEquals(0, read.exit(), read.err());
        byte[] envelope = Files.readAllBytes(raw);
        assertTrue(EncryptedReads.isEncrypted(envelope));
        assertEquals(plaintext.length, EncryptedReads.plaintextLength(envelope));
        byte[] tampered = envelope.clone();
        tampered[tampered.length / 2] ^= 0x01;
        Path tamperedFile = Files.write(dir.resolve("tampered.bin"), tampered);
        Cli.Run store = Cli.run("store", "--config", config, "--json", tamperedFile.toString());
        assertEquals(0, store.exit(), store.err());
        String tamperedId = JSON.readTree(store.out()).get(0).path("blobStoreResult").path("newlyCreated")
                .path("blobObject").path("blobId").asText();

        Path out = dir.resolve("tampered-out.bin");
        Cli.Run bad = Cli.run("read", "--config", config, "--key-file", key.toString(), "--out", out.toString(), "--", tamperedId);
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("failed decryption at chunk 2"), bad.err());
        assertFalse(Files.exists(out), "no garbage written");
    }

    @Test
    void rangesAndStreamsThroughTheDecryptingReadApi() throws Exception {
        BlobId id = BlobId.parse(storeEncrypted(plainFile));
        KeySource keys = KeySources.open("file:" + key);
        ClientConfig cfg = ClientConfig.read(Path.of(config));
        try (Chain chain = cfg.openChain(); StorageClient client = new StorageClient(chain, cfg.options())) {
            EncryptedReads reads = new EncryptedReads(client, keys);
            for (long[] r : new long[][] {{0, 10}, {65_530, 65_600}, {131_072, 196_608}, {299_990, 300_000}}) {
                assertArrayEquals(Arrays.copyOfRange(plaintext, (int) r[0], (int) r[1]),
                        reads.readRange(id, r[0], r[1]), Arrays.toString(r));
            }
            try (InputStream in = reads.open(id)) {
                assertArrayEquals(plaintext, in.readAllBytes());
            }
            Path otherKey = dir.resolve("api-other.key");
            KeySources.generateKeyFile(otherKey);
            EncryptedReads wrong = new EncryptedReads(client, KeySources.open("file:" + otherKey));
            EncryptionException.KeyRefused refused = assertThrows(EncryptionException.KeyRefused.class,
                    () -> wrong.readRange(id, 0, 5));
            assertEquals(keyId, refused.keyId());
        }
    }

    @Test
    void theNodesHoldCiphertextOnly() throws Exception {
        Cli.Run control = Cli.run("store", "--config", config, "--json", plainFile.toString());
        assertEquals(0, control.exit(), control.err());
        BlobId plainId = BlobId.parse(JSON.readTree(control.out()).get(0).path("blobStoreResult").path("newlyCreated")
                .path("blobObject").path("blobId").asText());
        NodeSlivers.Held plainHeld = NodeSlivers.of(network, plainId, 10);
        assertTrue(plainHeld.slivers() >= 14, "control slivers fetched: " + plainHeld.slivers());
        assertTrue(NodeSlivers.plaintextFound(plaintext, plainHeld.bytes(), 100) > 0.5,
                "the probe finds an unencrypted blob's bytes on the nodes (control)");

        BlobId id = BlobId.parse(storeEncrypted(plainFile));
        NodeSlivers.Held held = NodeSlivers.of(network, id, 10);
        assertTrue(held.slivers() >= 14, "encrypted slivers fetched: " + held.slivers());
        assertEquals(0.0, NodeSlivers.plaintextFound(plaintext, held.bytes(), 100),
                "no 16-byte window of the plaintext is on any node");
    }

    @Test
    void aKeystoreKeySourceWorksFromTheCommandLine() throws Exception {
        Path p12 = dir.resolve("keys.p12");
        char[] password = "pw".toCharArray();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, password);
        byte[] kek = new byte[32];
        new Random(3).nextBytes(kek);
        ks.setEntry("lake-2026", new java.security.KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(kek,
                "AES")), new java.security.KeyStore.PasswordProtection(password));
        try (var o = Files.newOutputStream(p12)) {
            ks.store(o, password);
        }
        Path pw = Files.writeString(dir.resolve("pw.txt"), "pw\n");
        String spec = "pkcs12:" + p12 + "?password-file=" + pw + "&alias=lake-2026";
        Cli.Run store = Cli.run("store", "--config", config, "--encrypt", "--key-source", spec, "--json",
                plainFile.toString());
        assertEquals(0, store.exit(), store.err());
        JsonNode r = JSON.readTree(store.out()).get(0);
        assertEquals("lake-2026", r.path("encryption").path("keyId").asText());
        String blobId = r.path("blobStoreResult").path("newlyCreated").path("blobObject").path("blobId").asText();
        Cli.Run read = Cli.run("read", "--config", config, "--key-source", spec, "--json", "--", blobId);
        assertEquals(0, read.exit(), read.err());
        assertArrayEquals(plaintext, Base64.getDecoder().decode(JSON.readTree(read.out()).path("blob").asText()));
        Cli.Run fileKey = Cli.run("read", "--config", config, "--key-file", key.toString(), "--", blobId);
        assertTrue(fileKey.exit() == 1 && fileKey.err().contains("lake-2026"), fileKey.err());
        assertThrows(EncryptionException.KeyRefused.class, () -> KeySources.open("pkcs12:" + p12
                + "?password-file=" + pw + "&alias=nope"));
    }
}
