package dev.walrusstream.app;

import dev.walrusstream.testsupport.Networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import dev.walrusstream.schemas.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * store-quilt, read-quilt (identifiers, tag, patch IDs), list-patches-in-quilt, read handed a patch
 * ID, get and restore (twice: the second run does nothing) of a dataset version whose large file has
 * seven segments, and the refusals: escaping identifiers and paths, a blob that is no manifest.
 */
class ReadCommandsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static LocalNetwork network;
    static String config;

    @BeforeAll
    static void start() throws Exception {
        Cli.Network started = Cli.initAndStart(dir.resolve("net"));
        network = started.network();
        config = started.config();
    }

    @AfterAll
    static void stop() {
        network.close();
    }


    @Test
    void quiltsStoredReadAndListed() throws Exception {
        Path in = Files.createDirectories(dir.resolve("quilt-in"));
        Files.writeString(in.resolve("a.txt"), "alpha");
        Files.write(in.resolve("b.bin"), Networks.random(7000, 1));
        Path spec = dir.resolve("c.json");
        Files.writeString(spec, "{\"k\":1}");

        Cli.Run dirStore = Cli.run("store-quilt", "--config", config, "--paths", in.toString(), "--json");
        assertEquals(0, dirStore.exit(), dirStore.out() + dirStore.err());
        JsonNode stored = JSON.readTree(dirStore.out());
        assertEquals(2, stored.path("storedQuiltBlobs").size());
        assertEquals("a.txt", stored.path("storedQuiltBlobs").get(0).path("identifier").asText());

        Cli.Run store = Cli.run("store-quilt", "--config", config, "--json", "--blobs",
                "{\"path\":\"" + in.resolve("a.txt") + "\",\"identifier\":\"docs/a.txt\",\"tags\":{\"kind\":\"doc\"}}",
                "{\"path\":\"" + in.resolve("b.bin") + "\",\"identifier\":\"data/b.bin\",\"tags\":{\"kind\":\"data\"}}",
                "{\"path\":\"" + spec + "\",\"identifier\":\"docs/c.json\",\"tags\":{\"kind\":\"doc\"}}");
        assertEquals(0, store.exit(), store.out() + store.err());
        JsonNode result = JSON.readTree(store.out());
        String quiltId = result.path("blobStoreResult").path("newlyCreated").path("blobObject").path("blobId").asText();
        Map<String, String> patchIds = new java.util.HashMap<>();
        result.path("storedQuiltBlobs").forEach(p -> patchIds.put(p.path("identifier").asText(), p.path("quiltPatchId").asText()));
        assertEquals(3, patchIds.size());
        assertTrue(patchIds.get("docs/a.txt").startsWith(quiltId), "a patch ID starts with its quilt's ID");

        Cli.Run list = Cli.run("list-patches-in-quilt", "--config", config, quiltId, "--json");
        assertEquals(0, list.exit(), list.err());
        JsonNode patches = JSON.readTree(list.out());
        assertEquals(List.of("data/b.bin", "docs/a.txt", "docs/c.json"), List.of(patches.get(0).path("identifier").asText(),
                patches.get(1).path("identifier").asText(), patches.get(2).path("identifier").asText()));
        assertEquals(patchIds.get("data/b.bin"), patches.get(0).path("patch_id").asText());
        assertEquals("doc", patches.get(1).path("tags").path("kind").asText());

        Path byId = dir.resolve("by-identifier");
        Cli.Run read = Cli.run("read-quilt", "--config", config, "--quilt-id", quiltId, "--identifiers", "data/b.bin",
                "--out", byId.toString());
        assertEquals(0, read.exit(), read.out() + read.err());
        assertArrayEquals(Networks.random(7000, 1), Files.readAllBytes(byId.resolve("data/b.bin")));
        assertFalse(Files.exists(byId.resolve("docs")), "only the wanted patch is written");

        Path byTag = dir.resolve("by-tag");
        Cli.Run tag = Cli.run("read-quilt", "--config", config, "--quilt-id", quiltId, "--tag", "kind", "doc",
                "--out", byTag.toString(), "--json");
        assertEquals(0, tag.exit(), tag.out() + tag.err());
        assertEquals("alpha", Files.readString(byTag.resolve("docs/a.txt")));
        assertEquals("{\"k\":1}", Files.readString(byTag.resolve("docs/c.json")));
        assertEquals(2, JSON.readTree(tag.out()).size());

        Path byPatch = dir.resolve("by-patch");
        Cli.Run patch = Cli.run("read-quilt", "--config", config, "--quilt-patch-ids", patchIds.get("docs/a.txt"),
                "--out", byPatch.toString());
        assertEquals(0, patch.exit(), patch.out() + patch.err());
        assertEquals("alpha", Files.readString(byPatch.resolve("docs/a.txt")));

        Cli.Run wrongCommand = Cli.run("read", "--config", config, patchIds.get("docs/a.txt"));
        assertEquals(1, wrongCommand.exit());
        assertTrue(wrongCommand.err().contains("is a quilt patch ID") && wrongCommand.err().contains("read-quilt "
                + "--quilt-patch-ids"), wrongCommand.err());

        // an identifier that would escape DIR is stored (the format allows it) but never written out
        Cli.Run evil = Cli.run("store-quilt", "--config", config, "--json", "--blobs",
                "{\"path\":\"" + spec + "\",\"identifier\":\"../escaped.json\"}");
        assertEquals(0, evil.exit(), evil.out() + evil.err());
        String evilQuilt = JSON.readTree(evil.out()).path("blobStoreResult").path("newlyCreated").path("blobObject")
                .path("blobId").asText();
        Path target = dir.resolve("evil-out");
        Cli.Run refused = Cli.run("read-quilt", "--config", config, "--quilt-id", evilQuilt, "--identifiers",
                "../escaped.json", "--out", target.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("'../escaped.json'"), refused.err());
        assertFalse(Files.exists(dir.resolve("escaped.json")));

        Cli.Run missing = Cli.run("read-quilt", "--config", config, "--quilt-id", quiltId, "--identifiers", "nope",
                "--out", target.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("NOT_FOUND") && missing.err().contains("'nope'"), missing.err());
    }

    @Test
    void datasetFilesGetAndRestoreTwice() throws Exception {
        ClientConfig cfg = ClientConfig.read(network.clientConfig());
        byte[] big;
        String manifestId;
        String escapingManifest;
        String plainBlob;
        try (Chain chain = cfg.openChain(); StorageClient client = new StorageClient(chain, cfg.options())) {
            List<ManifestSegment> segments = new ArrayList<>();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            long offset = 0;
            for (int i = 0; i < 7; i++) {
                byte[] seg = Networks.random(20_000 + 3_000 * i, 50 + i);
                String id = store(client, seg);
                segments.add(ManifestSegment.newBuilder().setIndex(i).setOffset(offset).setSize(seg.length)
                        .setSha256(sha(seg)).setBlobId(id).setEndEpoch(4).build());
                offset += seg.length;
                all.writeBytes(seg);
                if (i == 0) {
                    plainBlob = id;
                }
            }
            big = all.toByteArray();
            byte[] small = "a small caption\n".getBytes(StandardCharsets.UTF_8);
            String smallId = store(client, small);
            ManifestFile bigFile = file("clips/long.bin", big, segments);
            ManifestFile smallFile = file("captions/one.txt", small, List.of(ManifestSegment.newBuilder().setIndex(0)
                    .setOffset(0).setSize(small.length).setSha256(sha(small)).setBlobId(smallId).build()));
            manifestId = store(client, DatasetManifests.toBytes(manifest("footage", "v1", List.of(bigFile, smallFile))));
            ManifestFile escaping = file("../outside.txt", small, List.of(ManifestSegment.newBuilder().setIndex(0)
                    .setOffset(0).setSize(small.length).setSha256(sha(small)).setBlobId(smallId).build()));
            escapingManifest = store(client, DatasetManifests.toBytes(manifest("footage", "evil",
                    List.of(smallFile, escaping))));
            plainBlob = segments.get(0).getBlobId();
        }

        Path one = dir.resolve("one.bin");
        Cli.Run get = Cli.run("get", "--config", config, "--manifest", manifestId, "--path", "clips/long.bin",
                "--out", one.toString(), "--json");
        assertEquals(0, get.exit(), get.out() + get.err());
        assertArrayEquals(big, Files.readAllBytes(one));
        assertEquals(7, JSON.readTree(get.out()).path("segments").asInt());

        Path restored = dir.resolve("restored");
        Cli.Run first = Cli.run("restore", "--config", config, "--manifest", manifestId, "--out", restored.toString(),
                "--json", "--parallel", "3");
        assertEquals(0, first.exit(), first.out() + first.err());
        assertEquals(2, JSON.readTree(first.out()).path("restored").size());
        assertTrue(first.err().contains("100%") && first.err().contains("2/2 files"), "progress bar: " + first.err());
        assertArrayEquals(big, Files.readAllBytes(restored.resolve("clips/long.bin")));
        assertEquals("a small caption\n", Files.readString(restored.resolve("captions/one.txt")));
        long modified = Files.getLastModifiedTime(restored.resolve("clips/long.bin")).toMillis();

        Cli.Run second = Cli.run("restore", "--config", config, "--manifest", manifestId, "--out", restored.toString(),
                "--json");
        assertEquals(0, second.exit(), second.out() + second.err());
        assertEquals(0, JSON.readTree(second.out()).path("restored").size(), second.out());
        assertEquals(2, JSON.readTree(second.out()).path("skipped").size(), second.out());
        assertEquals(modified, Files.getLastModifiedTime(restored.resolve("clips/long.bin")).toMillis());

        // a damaged file is restored again, the intact one skipped
        Files.write(restored.resolve("captions/one.txt"), "A small caption\n".getBytes(StandardCharsets.UTF_8));
        Cli.Run third = Cli.run("restore", "--config", config, "--manifest", manifestId, "--out", restored.toString(),
                "--json");
        assertEquals(List.of("captions/one.txt"), List.of(JSON.readTree(third.out()).path("restored").get(0).asText()));
        assertEquals("a small caption\n", Files.readString(restored.resolve("captions/one.txt")));

        Path evilOut = dir.resolve("evil-restore");
        Cli.Run evil = Cli.run("restore", "--config", config, "--manifest", escapingManifest, "--out", evilOut.toString());
        assertEquals(1, evil.exit());
        assertTrue(evil.err().contains("'../outside.txt'"), evil.err());
        assertFalse(Files.exists(evilOut.resolve("captions/one.txt")), "nothing is written when a path escapes");
        assertFalse(Files.exists(dir.resolve("outside.txt")));

        Cli.Run notManifest = Cli.run("get", "--config", config, "--manifest", plainBlob, "--path", "x",
                "--out", dir.resolve("x").toString());
        assertEquals(1, notManifest.exit());
        assertTrue(notManifest.err().contains("not a dataset manifest"), notManifest.err());
        Cli.Run noPath = Cli.run("get", "--config", config, "--manifest", manifestId, "--path", "clips/nope.bin",
                "--out", dir.resolve("x").toString());
        assertEquals(1, noPath.exit());
        assertTrue(noPath.err().contains("'clips/nope.bin' is not in dataset footage version v1"), noPath.err());
    }

    static String store(StorageClient client, byte[] data) throws Exception {
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        assertTrue(r.isStored(), r.toString());
        return r.blobId().base64Url();
    }

    static Sha256 sha(byte[] data) {
        return new Sha256(HexFormat.of().parseHex(DatasetReader.sha256(data)));
    }

    static ManifestFile file(String path, byte[] data, List<ManifestSegment> segments) {
        return ManifestFile.newBuilder().setPath(path).setUploadId("u-" + path).setSize(data.length).setSha256(sha(data))
                .setSegments(segments).setAttributes(Map.of()).build();
    }

    static DatasetManifest manifest(String dataset, String version, List<ManifestFile> files) {
        return DatasetManifest.newBuilder().setDataset(dataset).setVersion(version).setCreatedAt(Instant.now())
                .setFormatVersion(2).setClosed(true).setBlobs(List.of()).setFiles(files).build();
    }
}
