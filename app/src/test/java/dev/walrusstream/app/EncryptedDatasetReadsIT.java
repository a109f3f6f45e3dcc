package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.aggregator.Aggregator;
import dev.walrusstream.aggregator.AggregatorConfig;
import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.app.stack.EmbeddedStack;
import dev.walrusstream.app.stack.ManifestFeed;
import dev.walrusstream.app.stack.ReceiptWatcher;
import dev.walrusstream.app.stack.StackOptions;
import dev.walrusstream.client.EncryptedReads;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.Envelope;
import dev.walrusstream.crypto.EnvelopeHeader;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An encrypted dataset end to end on the embedded stack (KRaft broker, registry process, MiniCluster,
 * nodes, LocalChain served as Sui) with {@code encryption.key-source} set: the job seals every segment,
 * quilt and the manifest. The aggregator (holding the key) learns the version from the receipts topic
 * and serves the video whole and by ranges (start, middle, across segment boundaries, suffix, past the
 * end) on plaintext offsets, a caption from its encrypted quilt, and a segment blob; an aggregator
 * without the key serves the blob as stored with headers saying so and refuses the patch; one with
 * another key refuses naming the key ID. {@code get}, {@code restore} (resumable) and {@code read-quilt}
 * bring the files back with the key and refuse without it or with another, naming the key ID. A
 * tampered segment, stored as its own blob and pointed at by a re-sealed manifest, fails {@code restore}
 * naming the chunk and leaves no file in place as complete; the aggregator answers it with 500 TAMPERED.
 */
class EncryptedDatasetReadsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void anEncryptedVersionReadsBackEverywhereWithTheKeyOnly() throws Exception {
        Path src = Files.createDirectories(dir.resolve("films-src/video"));
        byte[] video = new byte[2 * MIB + 700_000];
        new Random(17).nextBytes(video);
        Files.write(src.resolve("clip.mp4"), video);
        Files.createDirectories(dir.resolve("films-src/captions"));
        Files.writeString(dir.resolve("films-src/captions/a.txt"), "first caption\n");
        Files.writeString(dir.resolve("films-src/captions/b.txt"), "second caption\n");
        Path key = dir.resolve("films.key");
        String keyId = KeySources.generateKeyFile(key);
        Path otherKey = dir.resolve("other.key");
        KeySources.generateKeyFile(otherKey);
        KeySource keys = KeySources.open("file:" + key);

        StackOptions options = StackOptions.defaults(dir.resolve("stack")).withJob("segment.size", "1MiB")
                .withJob("quilt.threshold", "64KiB").withJob("encryption.key-source", "file:" + key);
        try (EmbeddedStack stack = EmbeddedStack.start(options, new PrintStream(new ByteArrayOutputStream()));
             ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().receiptsTopic());
             StorageClient client = stack.newClient();
             StorageClient aggregatorClient = stack.newClient();
             Aggregator aggregator = Aggregator.start(aggregatorClient, AggregatorConfig.DEFAULTS
                     .withAddress("127.0.0.1", 0).withKeySource("file:" + key));
             Aggregator keyless = Aggregator.start(client, AggregatorConfig.DEFAULTS.withAddress("127.0.0.1", 0));
             Aggregator wrong = Aggregator.start(client, AggregatorConfig.DEFAULTS.withAddress("127.0.0.1", 0)
                     .withKeySource("file:" + otherKey));
             ManifestFeed feed = ManifestFeed.start(aggregator, stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().receiptsTopic(),
                     new PrintStream(new ByteArrayOutputStream()))) {
            Cli.Run ingest = Cli.run("ingest", "--bootstrap", stack.services().bootstrapServers(), "--registry",
                    stack.services().registryUrl(), "--dataset", "films", "--version", "v1", "--progress", "never",
                    dir.resolve("films-src").toString());
            assertEquals(0, ingest.exit(), ingest.out() + ingest.err());
            BlobId manifest = BlobId.parse(DatasetManifests.awaitFinal(receipts, "films", "v1", Duration.ofMinutes(3))
                    .getBlobId());
            assertTrue(EncryptedReads.isEncrypted(client.read(manifest)), "the job sealed the manifest");

            // ---- the aggregator with the key
            HttpClient http = HttpClient.newHttpClient();
            JsonNode version = awaitVersion(http, aggregator);
            JsonNode clip = file(version, "video/clip.mp4");
            JsonNode caption = file(version, "captions/b.txt");
            assertEquals(3, clip.path("segments").size(), clip.toString());
            assertTrue(caption.path("segments").get(0).hasNonNull("quiltPatchId"), caption.toString());
            URI clipUrl = URI.create(aggregator.url() + clip.path("url").asText());
            HttpResponse<byte[]> whole = get(http, clipUrl, null);
            assertEquals(200, whole.statusCode());
            assertEquals(Long.toString(video.length), whole.headers().firstValue("Content-Length").orElseThrow());
            assertArrayEquals(video, whole.body());
            long[][] ranges = {{0, 99}, {1_500_000, 1_500_999}, {MIB - 1000, 2L * MIB + 1000}, {0, video.length - 1}};
            for (long[] r : ranges) {
                HttpResponse<byte[]> part = get(http, clipUrl, "bytes=" + r[0] + "-" + r[1]);
                assertEquals(206, part.statusCode(), "bytes=" + r[0] + "-" + r[1]);
                assertEquals("bytes " + r[0] + "-" + r[1] + "/" + video.length,
                        part.headers().firstValue("Content-Range").orElseThrow());
                assertArrayEquals(Arrays.copyOfRange(video, (int) r[0], (int) r[1] + 1), part.body(),
                        "bytes=" + r[0] + "-" + r[1]);
            }
            HttpResponse<byte[]> suffix = get(http, clipUrl, "bytes=-1000");
            assertEquals(206, suffix.statusCode());
            assertArrayEquals(Arrays.copyOfRange(video, video.length - 1000, video.length), suffix.body());
            HttpResponse<byte[]> past = get(http, clipUrl, "bytes=" + video.length + "-");
            assertEquals(416, past.statusCode());
            assertEquals("bytes */" + video.length, past.headers().firstValue("Content-Range").orElseThrow());
            HttpResponse<byte[]> text = get(http, URI.create(aggregator.url() + caption.path("url").asText()), null);
            assertEquals("second caption\n", new String(text.body(), StandardCharsets.UTF_8));

            String patchId = caption.path("segments").get(0).path("quiltPatchId").asText();
            HttpResponse<byte[]> patch = get(http, URI.create(aggregator.url() + "/v1/blobs/by-quilt-patch-id/" + patchId), null);
            assertEquals(200, patch.statusCode());
            assertEquals("second caption\n", new String(patch.body(), StandardCharsets.UTF_8));

            BlobId segment1 = BlobId.parse(clip.path("segments").get(1).path("blobId").asText());
            URI segmentUrl = URI.create(aggregator.url() + "/v1/blobs/" + segment1.base64Url());
            HttpResponse<byte[]> plainBlob = get(http, segmentUrl, null);
            assertEquals(200, plainBlob.statusCode());
            assertEquals("plaintext", plainBlob.headers().firstValue("X-Walrus-Stream-Body").orElseThrow());
            assertEquals(keyId, plainBlob.headers().firstValue("X-Walrus-Stream-Key-Id").orElseThrow());
            assertArrayEquals(Arrays.copyOfRange(video, MIB, 2 * MIB), plainBlob.body());
            // a range of an opened blob fetches only the rows of its chunks: counted on the aggregator's client,
            // which also serves the aggregator's own background reads (new manifests of the running job), so
            // each figure is the least of three tries
            long full = Long.MAX_VALUE;
            long ranged = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 3; attempt++) {
                long before = aggregatorClient.bytesReceived();
                aggregatorClient.read(segment1);
                full = Math.min(full, aggregatorClient.bytesReceived() - before);
                before = aggregatorClient.bytesReceived();
                HttpResponse<byte[]> blobRange = get(http, segmentUrl, "bytes=600000-600999");
                ranged = Math.min(ranged, aggregatorClient.bytesReceived() - before);
                assertEquals(206, blobRange.statusCode());
                assertArrayEquals(Arrays.copyOfRange(video, MIB + 600_000, MIB + 601_000), blobRange.body());
            }
            System.out.printf("aggregator: 1000 plaintext bytes of a 1 MiB encrypted segment moved %,d bytes from the "
                    + "nodes; a full read of it moved %,d (%.1f%%)%n", ranged, full, 100.0 * ranged / full);
            assertTrue(ranged * 2 <= full, "a 1000-byte range moved " + ranged + " bytes, a full read " + full);

            // ---- without the key, and with another key
            byte[] envelope = client.read(segment1);
            HttpResponse<byte[]> stored = get(http, URI.create(keyless.url() + "/v1/blobs/" + segment1.base64Url()), null);
            assertEquals(200, stored.statusCode());
            assertEquals("WSE1", stored.headers().firstValue("X-Walrus-Stream-Encrypted").orElseThrow());
            assertEquals("ciphertext", stored.headers().firstValue("X-Walrus-Stream-Body").orElseThrow());
            assertEquals(keyId, stored.headers().firstValue("X-Walrus-Stream-Key-Id").orElseThrow());
            assertArrayEquals(envelope, stored.body(), "served as stored");
            HttpResponse<byte[]> refusedPatch = get(http, URI.create(keyless.url() + "/v1/blobs/by-quilt-patch-id/" + patchId), null);
            assertEquals(403, refusedPatch.statusCode());
            String body = new String(refusedPatch.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("KEY_REFUSED") && body.contains(keyId), body);
            EncryptionException.KeyRefused noKey = assertThrows(EncryptionException.KeyRefused.class,
                    () -> keyless.addManifest(manifest));
            assertEquals(keyId, noKey.keyId());
            HttpResponse<byte[]> wrongBlob = get(http, URI.create(wrong.url() + "/v1/blobs/" + segment1.base64Url()), null);
            assertEquals(403, wrongBlob.statusCode());
            body = new String(wrongBlob.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("KEY_REFUSED") && body.contains(keyId), body);

            // ---- get, restore, read-quilt
            String config = stack.network().clientConfig().toString();
            String path = clip.path("path").asText();
            Path got = dir.resolve("got.mp4");
            Cli.Run getRun = Cli.run("get", "--config", config, "--manifest", manifest.base64Url(), "--path", path,
                    "--out", got.toString(), "--key-file", key.toString());
            assertEquals(0, getRun.exit(), getRun.out() + getRun.err());
            assertArrayEquals(video, Files.readAllBytes(got));
            Path none = dir.resolve("none.mp4");
            Cli.Run keylessGet = Cli.run("get", "--config", config, "--manifest", manifest.base64Url(), "--path", path,
                    "--out", none.toString());
            assertEquals(1, keylessGet.exit(), keylessGet.out());
            assertTrue(keylessGet.err().contains("refused") && keylessGet.err().contains(keyId), keylessGet.err());
            Cli.Run wrongGet = Cli.run("get", "--config", config, "--manifest", manifest.base64Url(), "--path", path,
                    "--out", none.toString(), "--key-file", otherKey.toString());
            assertEquals(1, wrongGet.exit(), wrongGet.out());
            assertTrue(wrongGet.err().contains(keyId), wrongGet.err());
            assertFalse(Files.exists(none) || Files.exists(dir.resolve("none.mp4.part")), "nothing written without the key");

            Path restored = dir.resolve("restored");
            Cli.Run first = Cli.run("restore", "--config", config, "--manifest", manifest.base64Url(), "--out",
                    restored.toString(), "--json", "--key-file", key.toString());
            assertEquals(0, first.exit(), first.out() + first.err());
            assertEquals(3, JSON.readTree(first.out()).path("restored").size(), first.out());
            assertArrayEquals(video, Files.readAllBytes(restored.resolve(path)));
            assertEquals("first caption\n", Files.readString(restored.resolve(path.replace("video/clip.mp4",
                    "captions/a.txt"))));
            Cli.Run again = Cli.run("restore", "--config", config, "--manifest", manifest.base64Url(), "--out",
                    restored.toString(), "--json", "--key-file", key.toString());
            assertEquals(0, again.exit(), again.out() + again.err());
            assertEquals(3, JSON.readTree(again.out()).path("skipped").size(), again.out());

            Path quiltOut = dir.resolve("quilt-out");
            Cli.Run readQuilt = Cli.run("read-quilt", "--config", config, "--quilt-patch-ids", patchId, "--out",
                    quiltOut.toString(), "--key-file", key.toString());
            assertEquals(0, readQuilt.exit(), readQuilt.out() + readQuilt.err());
            try (var walk = Files.walk(quiltOut)) {
                Path written = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
                assertEquals("second caption\n", Files.readString(written));
            }
            Cli.Run keylessQuilt = Cli.run("read-quilt", "--config", config, "--quilt-patch-ids", patchId, "--out",
                    dir.resolve("quilt-none").toString());
            assertEquals(1, keylessQuilt.exit(), keylessQuilt.out());
            assertTrue(keylessQuilt.err().contains(keyId), keylessQuilt.err());
            Cli.Run wrongQuilt = Cli.run("read-quilt", "--config", config, "--quilt-id",
                    caption.path("segments").get(0).path("blobId").asText(), "--identifiers", "x", "--out",
                    dir.resolve("quilt-none").toString(), "--key-file", otherKey.toString());
            assertEquals(1, wrongQuilt.exit(), wrongQuilt.out());
            assertTrue(wrongQuilt.err().contains(keyId), wrongQuilt.err());
            assertFalse(Files.exists(dir.resolve("quilt-none")), "nothing written without the key");

            // ---- tampering: segment 1 with one byte flipped, stored as its own blob, under a re-sealed manifest
            byte[] tampered = envelope.clone();
            int header = EnvelopeHeader.parse(envelope).length();
            tampered[header + 3 * ((1 << 16) + 16) + 100] ^= 0x01;
            StoreResult bad = client.store(tampered, StoreOptions.permanent(3));
            assertTrue(bad.isStored(), bad.toString());
            DatasetManifest m = DatasetManifests.fromBytes(new EncryptedReads(client, keys).read(manifest));
            for (ManifestFile f : m.getFiles()) {
                for (ManifestSegment s : f.getSegments()) {
                    if (s.getBlobId().toString().equals(segment1.base64Url())) {
                        s.put("blobId", bad.blobId().base64Url());
                    }
                }
            }
            StoreResult badManifest = client.store(Envelope.create(keys).encrypt(DatasetManifests.toBytes(m)),
                    StoreOptions.permanent(3));
            assertTrue(badManifest.isStored(), badManifest.toString());
            Path victim = dir.resolve("tampered");
            Cli.Run broken = Cli.run("restore", "--config", config, "--manifest", badManifest.blobId().base64Url(),
                    "--out", victim.toString(), "--key-file", key.toString());
            assertEquals(1, broken.exit(), broken.out());
            assertTrue(broken.err().contains("chunk 3") && broken.err().contains(path), broken.err());
            assertFalse(Files.exists(victim.resolve(path)), "the tampered file is not left in place as complete");
            assertFalse(Files.exists(victim.resolve(path + ".part")), "nor its partial copy");
            HttpResponse<byte[]> tamperedBlob = get(http, URI.create(aggregator.url() + "/v1/blobs/"
                    + bad.blobId().base64Url()), null);
            assertEquals(500, tamperedBlob.statusCode());
            body = new String(tamperedBlob.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("TAMPERED") && body.contains("chunk 3"), body);
            // restore stays resumable: the good manifest completes the directory, skipping what was written
            Cli.Run resumed = Cli.run("restore", "--config", config, "--manifest", manifest.base64Url(), "--out",
                    victim.toString(), "--json", "--key-file", key.toString());
            assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
            JsonNode r = JSON.readTree(resumed.out());
            assertEquals(3, r.path("restored").size() + r.path("skipped").size(), resumed.out());
            assertArrayEquals(video, Files.readAllBytes(victim.resolve(path)));
        }
    }

    static JsonNode awaitVersion(HttpClient http, Aggregator aggregator) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(aggregator.url() + "/v1/datasets/films/v1"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("closed").asBoolean()) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the aggregator did not list films/v1 from the receipts topic (its manifest is encrypted)");
    }

    static JsonNode file(JsonNode version, String suffix) {
        for (JsonNode f : version.path("files")) {
            if (f.path("path").asText().endsWith(suffix)) {
                return f;
            }
        }
        throw new AssertionError("no file ending " + suffix + " in " + version);
    }

    static HttpResponse<byte[]> get(HttpClient http, URI uri, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
