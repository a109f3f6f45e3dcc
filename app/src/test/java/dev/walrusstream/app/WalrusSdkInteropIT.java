package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Walrus TypeScript SDK ({@code @mysten/walrus}, {@code @mysten/sui}, pinned in
 * {@code interop/walrus-sdk}) against a network started as {@code net start --chain sui-local} does:
 * LocalSui over gRPC and four storage nodes. This class stores blobs and a tagged quilt with the
 * launcher, then runs the Node suite ({@code node --test}) with the endpoints and what was stored in
 * its environment. Needs Node ≥ 20 and npm; without them it fails saying so.
 */
class WalrusSdkInteropIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static LocalNetwork running;
    static String config;
    static NodeSuite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = NodeSuite.interop("walrus-sdk");
        suite.requireTools();
        Path net = dir.resolve("net");
        Cli.Run init = Cli.run("net", "init", "--dir", net.toString(), "--chain", "sui-local", "--nodes", "4",
                "--shards", "10");
        assertEquals(0, init.exit(), init.err());
        running = LocalNetwork.open(net).start();
        config = running.clientConfig().toString();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void theOfficialSdkReadsAndWritesThroughTheStack() throws Exception {
        ObjectNode expected = JSON.createObjectNode();
        ArrayNode blobs = expected.putArray("blobs");
        Random random = new Random(15);
        for (int size : new int[] {1, 40_000}) {
            Path file = dir.resolve("blob-" + size + ".bin");
            byte[] data = new byte[size];
            random.nextBytes(data);
            Files.write(file, data);
            Cli.Run store = Cli.run("store", "--config", config, "--epochs", "2", "--json", file.toString());
            assertEquals(0, store.exit(), store.out() + store.err());
            JsonNode blob = JSON.readTree(store.out()).get(0).path("blobStoreResult").path("newlyCreated")
                    .path("blobObject");
            blobs.addObject().put("blobId", blob.path("blobId").asText()).put("file", file.toString());
        }
        expected.putArray("quilts").add(storeQuilt());
        Path expectedFile = dir.resolve("expected.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(expectedFile.toFile(), expected);

        suite.installIfMissing(Duration.ofMinutes(5));
        JsonNode client = JSON.readTree(Files.readString(Path.of(config))).path("chain");
        Path wrote = dir.resolve("sdk-wrote.json");
        Path scratch = Files.createDirectories(dir.resolve("sdk-scratch"));
        NodeSuite.Result r = suite.test(Map.of(
                "WALRUS_SUI_GRPC_URL", running.servedUrl(),
                "WALRUS_SYSTEM_OBJECT", client.path("systemObject").asText(),
                "WALRUS_STAKING_OBJECT", client.path("stakingObject").asText(),
                "WALRUS_SUI_KEY_FILE", running.dir().resolve(ChainBackend.SUI_KEY_FILE).toString(),
                "WALRUS_EXPECTED", expectedFile.toString(),
                "WALRUS_SDK_WROTE", wrote.toString(),
                "WALRUS_SCRATCH", scratch.toString()), Duration.ofMinutes(3));
        assertEquals(0, r.exit(), "the Walrus SDK suite failed (log " + r.log() + "):\n" + NodeSuite.tail(r.output()));
        assertEquals(0, count(r.output(), "fail"), r.output());
        assertTrue(count(r.output(), "pass") >= 14, "too few SDK tests passed:\n" + r.output());

        // walrus-stream sees exactly what the SDK wrote
        JsonNode written = JSON.readTree(wrote.toFile()).path("blobs");
        assertEquals(4, written.size(), written.toString());
        for (JsonNode b : written) {
            String blobId = b.path("blobId").asText();
            Path back = dir.resolve("back-" + blobId);
            // "--" ends the options: a base64url blob ID may begin with '-'
            Cli.Run read = Cli.run("read", "--config", config, "--out", back.toString(), "--", blobId);
            assertEquals(0, read.exit(), read.out() + read.err());
            assertArrayEquals(Files.readAllBytes(Path.of(b.path("file").asText())), Files.readAllBytes(back), blobId);
            Cli.Run status = Cli.run("blob-status", "--config", config, "--json", "--", blobId);
            assertEquals(0, status.exit(), status.out() + status.err());
            JsonNode st = JSON.readTree(status.out()).path("status");
            if (b.path("deletable").asBoolean()) {
                assertEquals(1, st.path("deletable").path("deletableCounts").path("count_deletable_certified").asInt(),
                        st.toString());
            } else {
                assertTrue(st.path("permanent").path("isCertified").asBoolean(), st.toString());
            }
        }

        // the SDK's quilts (writeFiles): walrus-stream read-quilt reads the patches, get-blob-attribute the attributes
        JsonNode quilts = JSON.readTree(wrote.toFile()).path("quilts");
        assertEquals(2, quilts.size(), quilts.toString());
        for (JsonNode q : quilts) {
            Path out = Files.createDirectories(dir.resolve("sdk-quilt-" + q.path("transport").asText().replace(' ', '-')));
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("read-quilt", "--config", config,
                    "--out", out.toString(), "--json", "--quilt-patch-ids"));
            q.path("patches").forEach(p -> args.add(p.path("quiltPatchId").asText()));
            Cli.Run read = Cli.run(args.toArray(String[]::new));
            assertEquals(0, read.exit(), read.out() + read.err());
            JsonNode listed = JSON.readTree(read.out());
            for (JsonNode p : q.path("patches")) {
                String id = p.path("identifier").asText();
                assertArrayEquals(Files.readAllBytes(Path.of(p.path("file").asText())), Files.readAllBytes(out.resolve(id)), id);
                boolean tagged = false;
                for (JsonNode l : listed) {
                    if (l.path("identifier").asText().equals(id)) {
                        assertEquals(p.path("tags"), l.path("tags"), id);
                        tagged = true;
                    }
                }
                assertTrue(tagged, id + " not listed by read-quilt: " + read.out());
            }
            String object = q.path("blobObjectId").asText();
            Cli.Run attr = Cli.run("get-blob-attribute", "--config", config, "--json", object);
            assertEquals(0, attr.exit(), attr.out() + attr.err());
            // walrus get-blob-attribute --json's shape: {attribute: {metadata: {contents: [{key, value}]}}}
            ObjectNode pairs = JSON.createObjectNode();
            JSON.readTree(attr.out()).path("attribute").path("metadata").path("contents")
                    .forEach(e -> pairs.put(e.path("key").asText(), e.path("value").asText()));
            assertEquals(q.path("attributes"), pairs, attr.out());
        }

        // deleting a blob deletes its attributes field with it
        String victim = quilts.get(0).path("blobObjectId").asText();
        var field = dev.walrusstream.sui.walrus.WalrusBlobAttributes.fieldId(
                dev.walrusstream.codec.ids.ObjectId.parsePrefixed(victim));
        assertTrue(running.localSui().object(field).isPresent(), "no attributes field " + field + " before the delete");
        Cli.Run delete = Cli.run("delete", "--config", config, "--object-id", victim, "--yes");
        assertEquals(0, delete.exit(), delete.out() + delete.err());
        assertTrue(running.localSui().object(field).isEmpty(), "attributes field " + field + " outlived its blob");
        Cli.Run gone = Cli.run("get-blob-attribute", "--config", config, victim);
        assertEquals(1, gone.exit(), gone.out() + gone.err());
        assertTrue(gone.err().contains("is not a Walrus Blob object (it does not exist)"), gone.err());
    }

    private static ObjectNode storeQuilt() throws Exception {
        ObjectNode quilt = JSON.createObjectNode();
        ArrayNode patches = quilt.putArray("patches");
        String[][] specs = {{"readme.txt", "text", "en"}, {"frame-0001.raw", "video", "cam-1"},
            {"frame-0002.raw", "video", "cam-1"}, {"empty.bin", null, null}};
        String[] args = new String[4 + specs.length + 1];
        args[0] = "store-quilt";
        args[1] = "--config";
        args[2] = config;
        args[3] = "--json";
        args[4] = "--blobs";
        Random random = new Random(16);
        for (int i = 0; i < specs.length; i++) {
            Path f = dir.resolve("patch-" + i);
            byte[] data = new byte[specs[i][0].equals("empty.bin") ? 0 : 100 + random.nextInt(5000)];
            random.nextBytes(data);
            Files.write(f, data);
            ObjectNode spec = JSON.createObjectNode().put("path", f.toString()).put("identifier", specs[i][0]);
            ObjectNode tags = JSON.createObjectNode();
            if (specs[i][1] != null) {
                tags.put("kind", specs[i][1]).put("source", specs[i][2]);
            }
            spec.set("tags", tags);
            args[5 + i] = JSON.writeValueAsString(spec);
            patches.addObject().put("identifier", specs[i][0]).put("file", f.toString()).set("tags", tags);
        }
        Cli.Run store = Cli.run(args);
        assertEquals(0, store.exit(), store.out() + store.err());
        JsonNode out = JSON.readTree(store.out());
        quilt.put("quiltId", out.path("blobStoreResult").path("newlyCreated").path("blobObject").path("blobId").asText());
        for (JsonNode stored : out.path("storedQuiltBlobs")) {
            for (JsonNode p : patches) {
                if (p.path("identifier").asText().equals(stored.path("identifier").asText())) {
                    ((ObjectNode) p).put("quiltPatchId", stored.path("quiltPatchId").asText());
                }
            }
        }
        for (JsonNode p : patches) {
            assertTrue(p.hasNonNull("quiltPatchId"), "store-quilt printed no patch ID for " + p + ":\n" + store.out());
        }
        return quilt;
    }

    /** The figure of node's spec reporter summary line {@code ℹ <word> N}. */
    private static int count(String output, String word) {
        Matcher m = Pattern.compile("(?m)^ℹ " + word + " (\\d+)$").matcher(output);
        if (!m.find()) {
            throw new AssertionError("no '" + word + "' count in the node --test output:\n" + output);
        }
        return Integer.parseInt(m.group(1));
    }
}
