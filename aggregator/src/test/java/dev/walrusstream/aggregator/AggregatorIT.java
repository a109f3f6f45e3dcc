package dev.walrusstream.aggregator;

import dev.walrusstream.testsupport.Networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.Quilt;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.schemas.ManifestFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregator against a real network of 10 nodes with one shard each (n = 10, f = 3): Walrus's
 * blob and quilt routes with their headers and HEAD, the dataset routes, a Range matrix over a file
 * of seven segments, bad input, concurrent readers, reads with 2f shards' nodes down, and 503 with
 * Retry-After (not a hang) once too many are down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AggregatorIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int SEGMENT = 30_000;

    @TempDir
    static Path dir;
    static Stack stack;
    static byte[] video;
    static BlobId manifest;
    static BlobId quiltId;
    static Quilt quilt;
    static ManifestFile videoFile;

    @BeforeAll
    static void start() throws Exception {
        // a 20 KiB window makes every file read cross windows and segments
        stack = new Stack(dir, 10, 10, new AggregatorConfig("127.0.0.1", 0, 4, Duration.ofSeconds(30), 20_480,
                1 << 20, Duration.ofSeconds(7)));
        video = Networks.random(200_000, 5);
        videoFile = stack.storeFile("video/long clip.mp4", video, SEGMENT, "video/mp4");
        assertEquals(7, videoFile.getSegments().size());
        ManifestFile caption = stack.storeFile("captions/a.txt", "a caption".getBytes(StandardCharsets.UTF_8), SEGMENT, null);
        manifest = stack.publish("clips", "v1", List.of(videoFile, caption));
        quilt = QuiltEncoder.build(RedStuffParams.of(10), List.of(
                new QuiltPatch("notes/readme.txt", Map.of("content-type", "text/plain"), "quilted".getBytes(StandardCharsets.UTF_8)),
                new QuiltPatch("b.bin", Networks.random(4000, 9))));
        quiltId = stack.store(quilt.blob());
        assertEquals(quilt.encode(RedStuff.create()).blobId(), quiltId);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static byte[] slice(byte[] b, long from, long toInclusive) {
        return Arrays.copyOfRange(b, (int) from, (int) toInclusive + 1);
    }

    @Test
    @Order(1)
    void rangeMatrixOverSegmentsOfAFile() throws Exception {
        String path = "/v1/datasets/clips/v1/files/video/long%20clip.mp4";
        HttpResponse<byte[]> whole = stack.get(path);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(video, whole.body());
        assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals(manifest.base64Url(), whole.headers().firstValue("X-Manifest-Blob-Id").orElseThrow());

        long n = video.length;
        Object[][] matrix = {
            {"bytes=0-99", 0L, 99L},                                   // start
            {"bytes=100000-100099", 100_000L, 100_099L},               // middle of a segment
            {"bytes=29990-90010", 29_990L, 90_010L},                   // across three segment boundaries
            {"bytes=59999-60000", 59_999L, 60_000L},                   // exactly one boundary
            {"bytes=150000-", 150_000L, n - 1},                        // open-ended
            {"bytes=-5000", n - 5000, n - 1},                          // suffix
            {"bytes=199990-300000", 199_990L, n - 1},                  // end clipped
        };
        for (Object[] m : matrix) {
            HttpResponse<byte[]> r = stack.get(path, "Range", (String) m[0]);
            assertEquals(206, r.statusCode(), (String) m[0]);
            assertEquals("bytes " + m[1] + "-" + m[2] + "/" + n, r.headers().firstValue("Content-Range").orElseThrow());
            assertArrayEquals(slice(video, (Long) m[1], (Long) m[2]), r.body(), (String) m[0]);
        }
        HttpResponse<byte[]> past = stack.get(path, "Range", "bytes=200000-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */200000", past.headers().firstValue("Content-Range").orElseThrow());

        HttpResponse<byte[]> head = stack.send("HEAD", path);
        assertEquals(200, head.statusCode());
        assertEquals("200000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> headRange = stack.send("HEAD", path, "Range", "bytes=-10");
        assertEquals(206, headRange.statusCode());
        assertEquals("10", headRange.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    @Order(2)
    void walrusBlobAndQuiltRoutes() throws Exception {
        BlobId first = BlobId.parse(videoFile.getSegments().get(0).getBlobId());
        HttpResponse<byte[]> blob = stack.get("/v1/blobs/" + first.base64Url());
        assertEquals(200, blob.statusCode());
        assertArrayEquals(slice(video, 0, SEGMENT - 1), blob.body());
        assertEquals(first.base64Url(), blob.headers().firstValue("ETag").orElseThrow());
        HttpResponse<byte[]> blobRange = stack.get("/v1/blobs/" + first.base64Url(), "Range", "bytes=25000-");
        assertEquals(206, blobRange.statusCode());
        assertArrayEquals(slice(video, 25_000, SEGMENT - 1), blobRange.body());

        String patchId = quilt.patchId(quiltId, quilt.entry("notes/readme.txt")).text();
        HttpResponse<byte[]> patch = stack.get("/v1/blobs/by-quilt-patch-id/" + patchId);
        assertEquals(200, patch.statusCode());
        assertEquals("quilted", new String(patch.body(), StandardCharsets.UTF_8));
        assertEquals("notes/readme.txt", patch.headers().firstValue("X-Quilt-Patch-Identifier").orElseThrow());
        assertEquals(quiltId.base64Url(), patch.headers().firstValue("ETag").orElseThrow());
        assertEquals("text/plain", patch.headers().firstValue("Content-Type").orElseThrow());

        for (String identifier : List.of("notes/readme.txt", "notes%2Freadme.txt")) {
            HttpResponse<byte[]> byId = stack.get("/v1/blobs/by-quilt-id/" + quiltId.base64Url() + "/" + identifier,
                    "Range", "bytes=-3");
            assertEquals(206, byId.statusCode(), identifier);
            assertEquals("ted", new String(byId.body(), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> noPatch = stack.get("/v1/blobs/by-quilt-id/" + quiltId.base64Url() + "/nope.txt");
        assertEquals(404, noPatch.statusCode());
        assertTrue(new String(noPatch.body(), StandardCharsets.UTF_8).contains("QUILT_PATCH_NOT_FOUND"));

        JsonNode patches = JSON.readTree(stack.get("/v1/quilts/" + quiltId.base64Url() + "/patches").body());
        assertEquals(2, patches.size());
        assertEquals("b.bin", patches.get(0).path("identifier").asText());
        assertEquals(patchId, patches.get(1).path("patch_id").asText());
        assertEquals("text/plain", patches.get(1).path("tags").path("content-type").asText());
    }

    @Test
    @Order(3)
    void datasetRoutesAndConsole() throws Exception {
        JsonNode list = JSON.readTree(stack.get("/v1/datasets").body());
        assertEquals(1, list.size());
        assertEquals("clips", list.get(0).path("dataset").asText());
        assertEquals(manifest.base64Url(), list.get(0).path("manifestBlobId").asText());

        JsonNode v = JSON.readTree(stack.get("/v1/datasets/clips/v1").body());
        assertEquals(manifest.base64Url(), v.path("manifestBlobId").asText());
        assertEquals(2, v.path("files").size());
        JsonNode f = v.path("files").get(0);
        assertEquals("video/long clip.mp4", f.path("path").asText());
        assertEquals(7, f.path("segments").size());
        assertEquals(4, f.path("endEpoch").asInt());
        assertEquals("/v1/datasets/clips/v1/files/video/long%20clip.mp4", f.path("url").asText());
        assertEquals("text/plain; charset=utf-8", v.path("files").get(1).path("contentType").asText());
        assertEquals("a caption", new String(stack.get(v.path("files").get(1).path("url").asText()).body(),
                StandardCharsets.UTF_8));

        HttpResponse<byte[]> console = stack.get("/");
        assertEquals(200, console.statusCode());
        assertTrue(console.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(new String(console.body(), StandardCharsets.UTF_8).contains("<video"));
    }

    @Test
    @Order(4)
    void badInputGetsClearErrors() throws Exception {
        Object[][] cases = {
            {"/v1/blobs/not-a-blob-id", 400, "not-a-blob-id"},
            {"/v1/blobs/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 404, "BLOB_NOT_FOUND"},
            {"/v1/blobs/by-quilt-patch-id/" + quiltId.base64Url(), 400, "not a V1 patch ID"},
            {"/v1/quilts/" + stack.store(new byte[] {1, 2, 3}).base64Url() + "/patches", 404, "NOT_A_QUILT"},
            {"/v1/datasets/clips/v9", 404, "DATASET_NOT_FOUND"},
            {"/v1/datasets/clips/v1/files/video/nope.mp4", 404, "FILE_NOT_FOUND"},
            {"/v1/datasets/clips/v1/files/%2E%2E/%2E%2E/etc/passwd", 400, "'..'"},
            {"/v1/datasets/clips/v1/files/video%2F..%2Fx", 400, "video/../x"},
            {"/v1/datasets/%2E%2E/v1", 400, "'..'"},
            {"/v2/nothing", 404, "no route"},
        };
        for (Object[] c : cases) {
            HttpResponse<byte[]> r = stack.get((String) c[0]);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertEquals(c[1], r.statusCode(), c[0] + ": " + body);
            assertTrue(body.contains((String) c[2]), c[0] + ": " + body);
        }
        assertEquals(405, stack.send("DELETE", "/v1/datasets").statusCode());
    }

    @Test
    @Order(5)
    void concurrentReadersGetExactBytes() throws Exception {
        String path = "/v1/datasets/clips/v1/files/video/long%20clip.mp4";
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                long seed = t;
                all.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int from = r.nextInt(video.length);
                    int to = Math.min(video.length - 1, from + r.nextInt(70_000));
                    HttpResponse<byte[]> resp = stack.get(path, "Range", "bytes=" + from + "-" + to);
                    assertEquals(206, resp.statusCode());
                    assertArrayEquals(slice(video, from, to), resp.body());
                    if (seed % 4 == 0) {
                        assertArrayEquals(video, stack.get(path).body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(stack.aggregator.cachedBytes() <= stack.aggregator.config().cacheBytes());
    }

    @Test
    @Order(6)
    void twoFShardsDownStillServesThenTooManyGive503() throws Exception {
        BlobId fresh = stack.store(Networks.random(90_000, 77));
        // n = 10, f = 3: with one shard per node, six nodes down is 2f shards
        for (int i = 0; i < 6; i++) {
            stack.network.stopNode(i);
        }
        HttpResponse<byte[]> stillThere = stack.get("/v1/blobs/" + fresh.base64Url());
        assertEquals(200, stillThere.statusCode(), new String(stillThere.body(), StandardCharsets.UTF_8));
        assertArrayEquals(Networks.random(90_000, 77), stillThere.body());
        HttpResponse<byte[]> file = stack.get("/v1/datasets/clips/v1/files/video/long%20clip.mp4", "Range", "bytes=1000-70000");
        assertEquals(206, file.statusCode());
        assertArrayEquals(slice(video, 1000, 70_000), file.body());

        stack.network.stopNode(6);
        BlobId other = BlobId.parse(videoFile.getSegments().get(6).getBlobId());
        long started = System.nanoTime();
        HttpResponse<byte[]> gone = stack.get("/v1/blobs/" + other.base64Url());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String body = new String(gone.body(), StandardCharsets.UTF_8);
        assertEquals(503, gone.statusCode(), body);
        assertEquals("7", gone.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(body.contains("NOT_ENOUGH_SLIVERS"), body);
        assertTrue(seconds < 60, "503 came after " + seconds + " s");
        assertNull(gone.headers().firstValue("Content-Range").orElse(null));
    }

    @Test
    @Order(7)
    void aTakenPortIsRefusedNamingTheAddress() throws Exception {
        int taken = stack.aggregator.url().getPort();
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> Aggregator.start(stack.client, AggregatorConfig.DEFAULTS.withAddress("127.0.0.1", taken)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + taken) && e.getMessage().contains("choose another port"),
                e.getMessage());
    }

    @Test
    @Order(8)
    void aKeySourceThatCannotBeOpenedStopsTheStartNamingTheSpec() {
        String spec = "file:" + dir.resolve("no-such.key");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Aggregator.start(stack.client, AggregatorConfig.DEFAULTS.withAddress("127.0.0.1", 0)
                        .withKeySource(spec)));
        assertTrue(e.getMessage().contains(spec), e.getMessage());
        IllegalArgumentException blank = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AggregatorConfig.DEFAULTS.withKeySource(" "));
        assertTrue(blank.getMessage().contains("key source"), blank.getMessage());
    }
}
