package dev.walrusstream.ingest.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.embedded.EmbeddedServices;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.Uploader;
import dev.walrusstream.schemas.Attributes;
import dev.walrusstream.schemas.BlobChunk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publisher over real HTTP, writing to the real broker with the real registry. */
class PublisherIT {
    private static final String TOPIC = "publisher-it";
    private static final long LIMIT = 1024 * 1024;
    private static EmbeddedServices services;
    private static KafkaChunkSink sink;
    private static PublisherServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        services = EmbeddedServices.shared();
        services.kafka().createTopic(TOPIC, 2);
        IngestSettings settings = IngestSettings.builder().topic(TOPIC).chunkSize(64 * 1024).build();
        sink = KafkaChunkSink.create(services.bootstrapServers(), services.registryClient(), settings);
        server = PublisherServer.start(new Uploader(sink, settings),
                PublisherSettings.defaults().withPort(0).withMaxBody(LIMIT));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private static HttpResponse<String> put(String query, HttpRequest.BodyPublisher body, String contentType)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/v1/blobs" + query)).PUT(body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long records() {
        return dev.walrusstream.ingest.ChunkTopicReaderAccess.recordCount(services.bootstrapServers(), TOPIC);
    }

    @Test
    void putBecomesAnUploadOnTheTopic() throws Exception {
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);
        HttpResponse<String> r = put("?name=cams/clip-1.mp4&dataset=cams&version=2026-11&attr.camera=7&epochs=3",
                HttpRequest.BodyPublishers.ofByteArray(body), "video/mp4");
        assertEquals(202, r.statusCode(), r.body());
        JsonNode answer = json.readTree(r.body());
        String uploadId = answer.get("uploadId").asText();
        assertEquals(300_000, answer.get("size").asLong());
        assertEquals(5, answer.get("chunks").asLong());
        assertEquals(TOPIC, answer.get("topic").asText());

        var upload = dev.walrusstream.ingest.ChunkTopicReaderAccess.upload(services, TOPIC, uploadId);
        assertEquals(body.length, upload.bytes().length);
        assertTrue(java.util.Arrays.equals(body, upload.bytes()));
        BlobChunk last = upload.chunks().get(upload.chunks().size() - 1);
        assertEquals("cams/clip-1.mp4", last.getSourceName());
        assertEquals("video/mp4", last.getContentType());
        assertEquals("cams", last.getDataset());
        assertEquals("2026-11", last.getDatasetVersion());
        assertEquals(Map.of("camera", "7", "walrus.epochs", "3", Attributes.NAME, "cams/clip-1.mp4"),
                last.getAttributes());
        assertEquals(answer.get("sha256").asText(), java.util.HexFormat.of().formatHex(last.getSha256().bytes()));
    }

    @Test
    void chunkedBodyWithoutLengthWorksToo() throws Exception {
        byte[] body = new byte[200_000];
        new Random(2).nextBytes(body);
        HttpResponse<String> r = put("", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)), null);
        assertEquals(202, r.statusCode(), r.body());
        JsonNode answer = json.readTree(r.body());
        var upload = dev.walrusstream.ingest.ChunkTopicReaderAccess.upload(services, TOPIC,
                answer.get("uploadId").asText());
        assertTrue(java.util.Arrays.equals(body, upload.bytes()));
        assertEquals("application/octet-stream", upload.chunks().get(0).getContentType());
        assertEquals(answer.get("uploadId").asText(), upload.chunks().get(0).getSourceName(),
                "unnamed uploads are named by their id");
    }

    @Test
    void emptyBodyIsAnEmptyUpload() throws Exception {
        HttpResponse<String> r = put("?name=empty", HttpRequest.BodyPublishers.noBody(), null);
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(0, json.readTree(r.body()).get("size").asLong());
        assertEquals(1, json.readTree(r.body()).get("chunks").asLong());
    }

    @Test
    void oversizeBodiesGet413AndProduceNothing() throws Exception {
        long before = records();
        byte[] body = new byte[(int) LIMIT + 1];
        HttpResponse<String> announced = put("?name=too-big", HttpRequest.BodyPublishers.ofByteArray(body), null);
        assertEquals(413, announced.statusCode(), announced.body());
        JsonNode a = json.readTree(announced.body());
        assertEquals(LIMIT, a.get("limit").asLong());
        assertTrue(a.get("error").asText().contains("1048576 bytes (1.0 MiB)"), a.get("error").asText());

        HttpResponse<String> chunked = put("?name=too-big-chunked", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[3 * (int) LIMIT])), null);
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("1048576"), chunked.body());

        HttpResponse<String> exact = put("?name=exactly-the-limit",
                HttpRequest.BodyPublishers.ofByteArray(new byte[(int) LIMIT]), null);
        assertEquals(202, exact.statusCode(), exact.body());
        assertEquals(before + 16, records(), "only the upload at the limit (16 chunks of 64 KiB) was produced");
    }

    @Test
    void wrongMethodPathAndParametersAreNamed() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/blobs")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("PUT", get.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> bad = put("?colour=blue", HttpRequest.BodyPublishers.ofString("x"), null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("colour"), bad.body());
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/status"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
    }
}
