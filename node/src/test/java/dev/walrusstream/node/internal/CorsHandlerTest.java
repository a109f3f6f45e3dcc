package dev.walrusstream.node.internal;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CorsHandler over real HTTP (Jetty on a loopback port, java.net.http as the client). */
class CorsHandlerTest {
    final AtomicInteger reachedApi = new AtomicInteger();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Server server;
    String base;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new CorsHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                reachedApi.incrementAndGet();
                int status = request.getMethod().equals("GET") ? 200 : 405;
                response.setStatus(status);
                response.write(true, ByteBuffer.wrap(("api " + request.getMethod()).getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        }));
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void everyApiResponseAllowsAnyOrigin() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs/x/metadata"))
                .header("Origin", "http://page.example:8080").header("Accept", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("api GET", r.body());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(r.headers().firstValue("Vary").orElse("").contains("origin"), r.headers().toString());
        assertEquals(1, reachedApi.get());

        HttpResponse<String> error = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/health"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, error.statusCode());
        assertEquals("*", error.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "errors are readable too");
    }

    @Test
    void aPreflightIsAnsweredWithoutReachingTheApi() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs/x/metadata"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://page.example:8080")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
        assertEquals(0, reachedApi.get(), "a preflight does not reach the API");
    }

    @Test
    void aPlainOptionsRequestStillReachesTheApi() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/health"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals(1, reachedApi.get());
    }
}
