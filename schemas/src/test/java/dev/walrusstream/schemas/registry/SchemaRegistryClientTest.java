package dev.walrusstream.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import dev.walrusstream.schemas.WalrusSchemas;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a scripted HTTP server: paths, bodies, caching and the mapping of every failure. */
class SchemaRegistryClientTest {
    private HttpServer server;
    private final Deque<String[]> script = new ArrayDeque<>(); // {status, body}
    private final List<String> requests = new ArrayList<>();
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery())
                        + " " + ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
            }
            String[] answer = script.isEmpty() ? new String[] {"500", "{}"} : script.poll();
            byte[] out = answer[1].getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(Integer.parseInt(answer[0]), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SchemaRegistryClient client(int attempts) {
        return new SchemaRegistryClient(RegistryClientConfig.of(base + "/").withAttempts(attempts));
    }

    private void answer(int status, String body) {
        script.add(new String[] {Integer.toString(status), body});
    }

    @Test
    void registerPostsTheSchemaAndCachesTheId() {
        answer(200, "{\"id\":7}");
        SchemaRegistryClient c = client(1);
        Schema s = WalrusSchemas.blobChunk();
        assertEquals(7, c.register("walrus.chunks-value", s));
        assertEquals(7, c.register("walrus.chunks-value", s));
        assertEquals(s, c.schemaById(7)); // known from the registration, no request
        assertEquals(1, requests.size());
        String r = requests.get(0);
        assertTrue(r.startsWith("POST /apis/ccompat/v7/subjects/walrus.chunks-value/versions "
                + "application/vnd.schemaregistry.v1+json {\"schema\":"), r);
        assertTrue(r.contains("BlobChunk"), r);
    }

    @Test
    void schemaByIdIsFetchedOnceAndParsed() {
        answer(200, "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"A\\\",\\\"fields\\\":[]}\"}");
        SchemaRegistryClient c = client(1);
        assertEquals("A", c.schemaById(3).getName());
        assertEquals("A", c.schemaById(3).getName());
        assertEquals(List.of("GET /apis/ccompat/v7/schemas/ids/3 application/vnd.schemaregistry.v1+json "),
                requests);
    }

    @Test
    void unknownIdIsSchemaNotFoundNamingUrlAndCode() {
        answer(404, "{\"error_code\":40403,\"message\":\"No content with id/hash 'contentId-99' was found.\"}");
        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client(1).schemaById(99));
        assertEquals(404, e.status());
        assertEquals(40403, e.errorCode());
        assertTrue(e.getMessage().contains(base + "/schemas/ids/99"), e.getMessage());
        assertTrue(e.getMessage().contains("contentId-99"), e.getMessage());
    }

    @Test
    void incompatibleRegistrationIsNamed() {
        answer(409, "{\"error_code\":409,\"message\":\"Incompatible artifact\"}");
        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
                () -> client(1).register("t-value", WalrusSchemas.blobReceipt()));
        assertEquals("t-value", e.subject());
        assertTrue(e.getMessage().contains("subject t-value") && e.getMessage().contains("409"), e.getMessage());
    }

    @Test
    void serverErrorsAreRetriedThenUnavailable() {
        answer(503, "busy");
        answer(503, "still busy");
        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> client(2).subjects());
        assertEquals(2, requests.size());
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("still busy") && e.getMessage().contains("2 attempt(s)"),
                e.getMessage());
    }

    @Test
    void serverErrorThenSuccessRecovers() {
        answer(502, "gateway");
        answer(200, "[\"a-value\",\"b-value\"]");
        assertEquals(List.of("a-value", "b-value"), client(3).subjects());
    }

    @Test
    void unreachableRegistryNamesTheUrlAndSubject() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + deadPort;
        SchemaRegistryClient c = new SchemaRegistryClient(RegistryClientConfig.of(url).withAttempts(2)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> c.register("walrus.chunks-value", WalrusSchemas.blobChunk()));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains(url), e.getMessage());
        assertTrue(e.getMessage().contains("walrus.chunks-value"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("connect"), e.getMessage());
    }

    @Test
    void lookupOfUnregisteredSchemaIsEmpty() {
        answer(404, "{\"error_code\":40403,\"message\":\"does not match\"}");
        assertTrue(client(1).lookup("x-value", WalrusSchemas.deadLetter()).isEmpty());
    }

    @Test
    void lookupReturnsIdAndVersion() {
        String schemaJson = WalrusSchemas.deadLetter().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        answer(200, "{\"id\":4,\"subject\":\"x-value\",\"version\":2,\"schema\":\"" + schemaJson + "\"}");
        RegisteredSchema r = client(1).lookup("x-value", WalrusSchemas.deadLetter()).orElseThrow();
        assertEquals(4, r.id());
        assertEquals(2, r.version());
        assertEquals(WalrusSchemas.deadLetter(), r.schema());
    }

    @Test
    void compatibilityCheckReadsVerboseReasons() {
        answer(200, "{\"is_compatible\":false,\"reason\":\"y at /fields/1\"}");
        answer(404, "{\"error_code\":40401,\"message\":\"No artifact\"}");
        SchemaRegistryClient c = client(1);
        CompatibilityResult r = c.checkCompatibility("t-value", WalrusSchemas.blobChunk());
        assertFalse(r.compatible());
        assertEquals(List.of("y at /fields/1"), r.messages());
        assertTrue(requests.get(0).startsWith(
                "POST /apis/ccompat/v7/compatibility/subjects/t-value/versions/latest?verbose=true"), requests.get(0));
        assertTrue(c.checkCompatibility("new-value", WalrusSchemas.blobChunk()).compatible());
    }

    @Test
    void configReadsBothSpellingsAndWrites() {
        answer(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        answer(200, "{\"compatibility\":\"FULL\"}");
        answer(200, "{\"compatibility\":\"FULL\"}");
        SchemaRegistryClient c = client(1);
        assertEquals(CompatibilityLevel.BACKWARD, c.compatibility());
        assertEquals(CompatibilityLevel.FULL, c.compatibility());
        c.setCompatibility("a b/c", CompatibilityLevel.FULL);
        assertTrue(requests.get(2).startsWith("PUT /apis/ccompat/v7/config/a%20b%2Fc "), requests.get(2));
        assertTrue(requests.get(2).endsWith("{\"compatibility\":\"FULL\"}"), requests.get(2));
    }

    @Test
    void nonJsonSuccessIsAnError() {
        answer(200, "<html>proxy</html>");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(1).subjects());
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void badUrlsAreRejectedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegistryClientConfig.of("localhost:8081"));
        assertTrue(e.getMessage().contains("localhost:8081"), e.getMessage());
    }
}
