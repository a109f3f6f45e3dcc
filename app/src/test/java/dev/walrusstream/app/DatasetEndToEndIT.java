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
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.schemas.BlobReceipt;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop on the embedded stack: {@code ingest --dataset films --version v1 DIR} of a 6.5 MiB
 * video (seven 1 MiB segments) and small captions (quilted); the job closes the version and stores its
 * manifest; the aggregator learns it from the receipts topic and serves the video whole and by a range
 * across segment boundaries and a caption from its quilt patch; {@code get} and {@code restore}
 * (twice) bring the files back from the job's manifest.
 */
class DatasetEndToEndIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void ingestedVersionComesBackThroughTheAggregatorGetAndRestore() throws Exception {
        Path src = Files.createDirectories(dir.resolve("films-src/video"));
        byte[] video = new byte[6 * 1024 * 1024 + 512 * 1024];
        new Random(3).nextBytes(video);
        Files.write(src.resolve("clip.mp4"), video);
        Files.createDirectories(dir.resolve("films-src/captions"));
        Files.writeString(dir.resolve("films-src/captions/a.txt"), "first caption\n");
        Files.writeString(dir.resolve("films-src/captions/b.txt"), "second caption\n");

        StackOptions options = StackOptions.defaults(dir.resolve("stack")).withJob("segment.size", "1MiB")
                .withJob("quilt.threshold", "64KiB");
        try (EmbeddedStack stack = EmbeddedStack.start(options, new PrintStream(new ByteArrayOutputStream()));
             ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().receiptsTopic());
             StorageClient client = stack.newClient();
             Aggregator aggregator = Aggregator.start(client, AggregatorConfig.DEFAULTS.withAddress("127.0.0.1", 0));
             ManifestFeed feed = ManifestFeed.start(aggregator, stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().receiptsTopic(), new PrintStream(new ByteArrayOutputStream()))) {
            Cli.Run ingest = Cli.run("ingest", "--bootstrap", stack.services().bootstrapServers(), "--registry",
                    stack.services().registryUrl(), "--dataset", "films", "--version", "v1", "--progress", "never",
                    dir.resolve("films-src").toString());
            assertEquals(0, ingest.exit(), ingest.out() + ingest.err());
            String manifest;
            try {
                manifest = DatasetManifests.awaitFinal(receipts, "films", "v1", Duration.ofMinutes(3)).getBlobId();
            } catch (java.util.concurrent.TimeoutException e) {
                StringBuilder seen = new StringBuilder();
                receipts.all().forEach(r -> seen.append(r.getKind()).append(' ').append(r.getSourceName()).append(' ')
                        .append(r.getDataset()).append('/').append(r.getDatasetVersion()).append(' ').append(r.getStatus())
                        .append('\n'));
                throw new AssertionError(e.getMessage() + "; ingest said:\n" + ingest.out() + ingest.err()
                        + "\nreceipts seen:\n" + seen, e);
            }

            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            JsonNode version = null;
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(aggregator.url() + "/v1/datasets/films/v1"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && JSON.readTree(r.body()).path("closed").asBoolean()) {
                    version = JSON.readTree(r.body());
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(version != null, "the aggregator did not list films/v1 from the receipts topic");
            assertEquals(manifest, version.path("manifestBlobId").asText());
            JsonNode clip = null;
            JsonNode caption = null;
            for (JsonNode f : version.path("files")) {
                if (f.path("path").asText().endsWith("video/clip.mp4")) {
                    clip = f;
                } else if (f.path("path").asText().endsWith("captions/b.txt")) {
                    caption = f;
                }
            }
            assertTrue(clip != null && caption != null, version.toString());
            assertEquals(7, clip.path("segments").size(), clip.toString());
            assertEquals("video/mp4", clip.path("contentType").asText());
            assertTrue(caption.path("segments").get(0).hasNonNull("quiltPatchId"), "captions are quilted: " + caption);

            HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(URI.create(aggregator.url()
                    + clip.path("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(video, whole.body());
            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(aggregator.url()
                    + clip.path("url").asText())).header("Range", "bytes=1048000-3146000").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, range.statusCode());
            assertArrayEquals(Arrays.copyOfRange(video, 1_048_000, 3_146_001), range.body());
            HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(aggregator.url()
                    + caption.path("url").asText())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("second caption\n", text.body());

            String config = stack.network().clientConfig().toString();
            Path got = dir.resolve("got.mp4");
            Cli.Run get = Cli.run("get", "--config", config, "--manifest", manifest, "--path", clip.path("path").asText(),
                    "--out", got.toString());
            assertEquals(0, get.exit(), get.out() + get.err());
            assertArrayEquals(video, Files.readAllBytes(got));

            Path restored = dir.resolve("restored");
            Cli.Run first = Cli.run("restore", "--config", config, "--manifest", manifest, "--out", restored.toString(), "--json");
            assertEquals(0, first.exit(), first.out() + first.err());
            assertEquals(3, JSON.readTree(first.out()).path("restored").size(), first.out());
            assertArrayEquals(video, Files.readAllBytes(restored.resolve(clip.path("path").asText())));
            assertEquals("first caption\n", Files.readString(restored.resolve(clip.path("path").asText()
                    .replace("video/clip.mp4", "captions/a.txt")), StandardCharsets.UTF_8));
            Cli.Run second = Cli.run("restore", "--config", config, "--manifest", manifest, "--out", restored.toString(), "--json");
            assertEquals(0, second.exit(), second.out() + second.err());
            assertEquals(0, JSON.readTree(second.out()).path("restored").size(), second.out());
            assertEquals(3, JSON.readTree(second.out()).path("skipped").size(), second.out());
        }
    }
}
