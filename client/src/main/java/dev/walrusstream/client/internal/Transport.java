package dev.walrusstream.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.tls.NodeTls;
import dev.walrusstream.client.ClientOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * HTTP to storage nodes: one {@link HttpClient} (HTTP/1.1 with keep-alive and a connection per
 * concurrent request), a global limit on requests in flight, size-aware timeouts and retries
 * with exponential backoff for transient failures. Error envelopes become {@link NodeApiException}s.
 */
public final class Transport {
    private final HttpClient http;
    private final ClientOptions options;
    private final Semaphore inFlight;
    private final ObjectMapper json = new ObjectMapper();
    private final NodeTls tls = new NodeTls();
    private final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Set<String> noSliverBatches = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Transport(ClientOptions options, ExecutorService executor) {
        this.options = options;
        this.inFlight = new Semaphore(options.maxConcurrentRequests());
        // HTTP/1.1 with keep-alive: the JDK client cannot speak cleartext HTTP/2 with prior knowledge, and its
        // h2c upgrade sometimes stalls until the server's idle timeout (seen with JDK 17 against Jetty 12).
        // Nodes that publish a network key are reached over TLS, their certificate checked against that key.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(tls.sslContext()).executor(executor).build();
    }

    /** The TLS trust of storage nodes: each node's on-chain network key, else the JVM's trusted authorities. */
    public NodeTls tls() {
        return tls;
    }

    /** Response body bytes received from storage nodes so far (what reads moved over the wire). */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Whether the node at this address has answered that it has no sliver-batch endpoint (a Walrus node). */
    public boolean sliverBatchesRefused(String networkAddress) {
        return noSliverBatches.contains(networkAddress);
    }

    /** Remembers that this node has no sliver-batch endpoint: its slivers go one PUT each from now on. */
    public void refuseSliverBatches(String networkAddress) {
        noSliverBatches.add(networkAddress);
    }

    public ClientOptions options() {
        return options;
    }

    /** Sends with retries; returns the body of a 2xx answer. */
    public byte[] send(String node, String method, URI uri, byte[] body, Duration extraTimeout)
            throws NodeApiException, InterruptedException {
        return sendBody(node, method, uri, body == null ? null : new Body(body.length, () -> HttpRequest.BodyPublishers.ofByteArray(body)),
                extraTimeout);
    }

    /** As {@link #send(String, String, URI, byte[], Duration)}, the body sent from its slices without a copy. */
    public byte[] sendSegments(String node, String method, URI uri, BodySegments body, Duration extraTimeout)
            throws NodeApiException, InterruptedException {
        return sendBody(node, method, uri, new Body(body.length(), body::publisher), extraTimeout);
    }

    /** A request body: its length and a fresh publisher of it for every attempt. */
    private record Body(long length, java.util.function.Supplier<HttpRequest.BodyPublisher> publisher) {
    }

    private byte[] sendBody(String node, String method, URI uri, Body body, Duration extraTimeout)
            throws NodeApiException, InterruptedException {
        long size = body == null ? 0 : body.length();
        Duration timeout = options.timeoutFor(size).plus(extraTimeout);
        NodeApiException last = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(options.retryBackoff().toMillis() << (attempt - 1));
            }
            try {
                return once(node, method, uri, body, timeout);
            } catch (NodeApiException e) {
                last = e;
                if (!e.isTransient()) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private byte[] once(String node, String method, URI uri, Body body, Duration timeout)
            throws NodeApiException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        if (body != null) {
            b.header("Content-Type", "application/octet-stream").method(method, body.publisher().get());
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> r;
        inFlight.acquire();
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NodeApiException(0, "UNREACHABLE", node + " did not answer " + method + " " + uri.getPath() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            inFlight.release();
        }
        bytesReceived.addAndGet(r.body().length);
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        String reason = "HTTP_" + r.statusCode();
        String message = new String(r.body(), 0, Math.min(r.body().length, 300), java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode err = json.readTree(r.body()).path("error");
            if (err.isObject()) {
                reason = err.path("details").path(0).path("reason").asText(reason);
                message = err.path("message").asText(message);
            }
        } catch (IOException e) {
            // not a Walrus error envelope; keep the raw text
        }
        throw new NodeApiException(r.statusCode(), reason, node + " refused " + method + " " + uri.getPath() + " (HTTP "
                + r.statusCode() + " " + reason + "): " + message, null);
    }

    /** {@code success.data} of a JSON answer. */
    public JsonNode data(byte[] body) throws NodeApiException {
        try {
            return json.readTree(body).path("success").path("data");
        } catch (IOException e) {
            throw new NodeApiException(200, "INVALID_RESPONSE", "not a Walrus JSON response: " + e.getMessage(), e);
        }
    }
}
