package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The official Walrus SDK in a real browser: headless Chromium loads a page, served by this test over
 * local HTTP, that bundles {@code @mysten/sui}'s default gRPC-Web client and {@code @mysten/walrus}
 * ({@code interop/walrus-sdk/browser}, bundled with the pinned esbuild). Against a {@code sui-local}
 * network it reads a blob and the patches of a quilt that the launcher stored, and POSTs the bytes back
 * to this test, which compares them with the files. The page's origin is not LocalSui's nor any node's,
 * so every call is cross-origin: this proves LocalSui's gRPC-Web front (with its CORS preflights) and
 * the nodes' CORS headers with a browser's own fetch. Needs Node ≥ 20, npm and chromium; a missing one
 * fails the test naming it.
 */
class WalrusSdkBrowserIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PAGE_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void chromiumReadsABlobAndQuiltPatchesThroughGrpcWebAndTheNodes() throws Exception {
        String chromium = requireChromium();
        NodeSuite suite = NodeSuite.interop("walrus-sdk");
        suite.requireTools();
        suite.installIfMissing(Duration.ofMinutes(5));
        Path web = dir.resolve("web");
        NodeSuite.Result built = suite.script("browser/build.mjs", List.of(web.toString()), Duration.ofMinutes(2));
        assertEquals(0, built.exit(), "bundling the page failed (log " + built.log() + "):\n" + NodeSuite.tail(built.output()));

        Cli.Run init = Cli.run("net", "init", "--dir", dir.resolve("net").toString(), "--chain", "sui-local", "--nodes", "4",
                "--shards", "10");
        assertEquals(0, init.exit(), init.err());
        try (LocalNetwork net = LocalNetwork.open(dir.resolve("net")).start()) {
            String config = net.clientConfig().toString();
            Random random = new Random(1515);
            byte[] blob = new byte[30_000];
            random.nextBytes(blob);
            Path blobFile = Files.write(dir.resolve("blob.bin"), blob);
            Cli.Run store = Cli.run("store", "--config", config, "--epochs", "2", "--json", blobFile.toString());
            assertEquals(0, store.exit(), store.out() + store.err());
            String blobId = JSON.readTree(store.out()).get(0).path("blobStoreResult").path("newlyCreated")
                    .path("blobObject").path("blobId").asText();
            Map<String, byte[]> patches = storeQuilt(config, random);

            JsonNode chain = JSON.readTree(Files.readString(net.clientConfig())).path("chain");
            ObjectNode pageConfig = JSON.createObjectNode()
                    .put("suiUrl", net.servedUrl())
                    .put("systemObject", chain.path("systemObject").asText())
                    .put("stakingObject", chain.path("stakingObject").asText());
            pageConfig.putArray("blobIds").add(blobId);
            ArrayNode ids = pageConfig.putArray("quiltPatchIds");
            patches.keySet().stream().sorted().forEach(ids::add);
            ArrayNode origins = pageConfig.putArray("nodeOrigins");
            for (int i = 0; i < net.size(); i++) {
                URI u = URI.create(net.node(i).url());
                origins.add(u.getScheme() + "://" + u.getAuthority());
            }

            CompletableFuture<JsonNode> result = new CompletableFuture<>();
            HttpServer server = pageServer(web, pageConfig, result);
            server.start();
            long started = System.nanoTime();
            Process browser = null;
            try {
                String page = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.html";
                Path browserLog = dir.resolve("chromium.log");
                browser = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-extensions", "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")), page)
                        .redirectErrorStream(true).redirectOutput(browserLog.toFile()).start();
                Process b = browser;
                browser.onExit().thenRun(() -> result.completeExceptionally(new IllegalStateException(
                        "chromium exited (code " + b.exitValue() + ") before the page reported; its log:\n" + read(browserLog))));
                JsonNode r;
                try {
                    r = result.get(PAGE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("the page did not report within " + PAGE_DEADLINE + "; chromium's log:\n"
                            + read(browserLog), e);
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause().getMessage(), e.getCause());
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                assertTrue(r.path("ok").asBoolean(), "the SDK failed in the browser: " + r.path("error").asText());
                System.out.printf("WalrusSdkBrowserIT: page loaded and read 1 blob + %d patches in %.1f s (%s; %d gRPC-Web"
                                + " requests, %d storage-node requests)%n", patches.size(), seconds, r.path("userAgent").asText(),
                        r.path("suiRequests").asInt(), r.path("nodeRequests").asInt());

                // cross-origin: the page is served from neither LocalSui nor a node
                String pageOrigin = r.path("origin").asText();
                URI sui = URI.create(net.servedUrl());
                assertNotEquals(sui.getScheme() + "://" + sui.getAuthority(), pageOrigin);
                origins.forEach(o -> assertNotEquals(o.asText(), pageOrigin));
                assertTrue(r.path("userAgent").asText().contains("Chrome"), r.path("userAgent").asText());
                assertTrue(r.path("suiRequests").asInt() > 0, "the page made no gRPC-Web request to LocalSui: " + r);
                assertTrue(r.path("nodeRequests").asInt() > 0, "the page made no request to a storage node: " + r);

                assertEquals(1, r.path("blobs").size(), r.toString());
                assertEquals(blobId, r.path("blobs").get(0).path("blobId").asText());
                assertArrayEquals(blob, Base64.getDecoder().decode(r.path("blobs").get(0).path("base64").asText()), "blob " + blobId);
                assertEquals(patches.size(), r.path("patches").size(), r.toString());
                for (JsonNode p : r.path("patches")) {
                    String id = p.path("quiltPatchId").asText();
                    assertArrayEquals(patches.get(id), Base64.getDecoder().decode(p.path("base64").asText()),
                            "patch " + id + " (" + p.path("identifier").asText() + ")");
                }
            } finally {
                if (browser != null) {
                    browser.descendants().forEach(ProcessHandle::destroy);
                    browser.destroy();
                    if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                        browser.destroyForcibly();
                    }
                }
                server.stop(0);
            }
        }
    }

    /** Stores a three-patch quilt; returns each patch's bytes by its quilt patch ID. */
    private Map<String, byte[]> storeQuilt(String config, Random random) throws Exception {
        String[] identifiers = {"page-a.bin", "page-b.bin", "notes.txt"};
        List<String> args = new java.util.ArrayList<>(List.of("store-quilt", "--config", config, "--epochs", "2", "--json",
                "--blobs"));
        Map<String, byte[]> byIdentifier = new HashMap<>();
        for (String identifier : identifiers) {
            byte[] data = new byte[500 + random.nextInt(5000)];
            random.nextBytes(data);
            Path f = Files.write(dir.resolve("patch-" + identifier), data);
            byIdentifier.put(identifier, data);
            args.add(JSON.writeValueAsString(JSON.createObjectNode().put("path", f.toString()).put("identifier", identifier)));
        }
        Cli.Run store = Cli.run(args.toArray(String[]::new));
        assertEquals(0, store.exit(), store.out() + store.err());
        Map<String, byte[]> byPatchId = new HashMap<>();
        for (JsonNode stored : JSON.readTree(store.out()).path("storedQuiltBlobs")) {
            byPatchId.put(stored.path("quiltPatchId").asText(), byIdentifier.get(stored.path("identifier").asText()));
        }
        assertEquals(identifiers.length, byPatchId.size(), store.out());
        return byPatchId;
    }

    /**
     * The page's origin: the bundle and its files from {@code web}, {@code /config.json}, and {@code POST /result},
     * which completes {@code result} with the page's report.
     */
    private static HttpServer pageServer(Path web, JsonNode config, CompletableFuture<JsonNode> result) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/result") && exchange.getRequestMethod().equals("POST")) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    result.complete(JSON.readTree(body));
                    send(exchange, 204, "text/plain", new byte[0]);
                } else if (path.equals("/config.json")) {
                    send(exchange, 200, "application/json", JSON.writeValueAsBytes(config));
                } else {
                    Path file = web.resolve(path.substring(1)).normalize();
                    if (!file.startsWith(web) || !Files.isRegularFile(file)) {
                        send(exchange, 404, "text/plain", ("no " + path).getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(exchange, 200, contentType(file), Files.readAllBytes(file));
                    }
                }
            } catch (RuntimeException | IOException e) {
                result.completeExceptionally(e);
                throw e;
            }
        });
        return server;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".wasm")) {
            return "application/wasm";
        }
        return "application/octet-stream";
    }

    private static String requireChromium() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "chromium");
            if (!d.isEmpty() && Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p.toString();
            }
        }
        return fail("WalrusSdkBrowserIT needs 'chromium' (Debian package chromium) on the PATH; install it with "
                + "'apt-get install -y chromium' or run .ci/test, which installs what is missing");
    }

    private static String read(Path log) {
        try {
            return NodeSuite.tail(Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
