package dev.walrusstream.app.realclients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol: a WebSocket from java.net.http to the page
 * target, Runtime.evaluate to read what the page's own script reports.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentHashMap<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder log = new StringBuilder();

    Chromium(String binary, Path profile, String url) throws Exception {
        process = new ProcessBuilder(List.of(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--autoplay-policy=no-user-gesture-required", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, url)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String browserWs = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (browserWs == null && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            log.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
            }
        }
        if (browserWs == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not open its DevTools port; it printed:\n" + log);
        }
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    synchronized (log) {
                        log.append(l).append('\n');
                    }
                }
            } catch (Exception ignored) {
                // the browser exited
            }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI http = URI.create(browserWs.replace("ws://", "http://"));
        HttpClient client = HttpClient.newHttpClient();
        String pageWs = null;
        while (pageWs == null && System.nanoTime() < deadline) {
            JsonNode targets = JSON.readTree(client.send(HttpRequest.newBuilder(http.resolve("/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page") && t.path("url").asText().startsWith(url.substring(0, 10))) {
                    pageWs = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageWs == null) {
                Thread.sleep(200);
            }
        }
        if (pageWs == null) {
            throw new IllegalStateException("chromium has no page target for " + url);
        }
        socket = client.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    try {
                        JsonNode reply = JSON.readTree(message.toString());
                        CompletableFuture<JsonNode> f = pending.remove(reply.path("id").asInt(-1));
                        if (f != null) {
                            f.complete(reply);
                        }
                    } catch (Exception ignored) {
                        // an event we did not ask for
                    }
                    message.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    /** Evaluates a JavaScript expression in the page; returns its value as a string. */
    String evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String msg = JSON.writeValueAsString(JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate")
                .set("params", JSON.createObjectNode().put("expression", expression).put("returnByValue", true)));
        socket.sendText(msg, true).get(10, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        return r.path("result").path("result").path("value").asText("");
    }

    /** Polls an expression until it yields a value starting with one of the prefixes, or the deadline passes. */
    String await(String expression, Duration timeout, String... prefixes) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = evaluate(expression);
            for (String p : prefixes) {
                if (last.startsWith(p)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        synchronized (log) {
            throw new AssertionError("the page did not report within " + timeout + "; last value '" + last
                    + "'; chromium printed:\n" + log);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
