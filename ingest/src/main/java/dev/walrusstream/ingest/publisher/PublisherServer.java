package dev.walrusstream.ingest.publisher;

import com.sun.net.httpserver.HttpServer;
import dev.walrusstream.ingest.Uploader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP publisher, like Walrus's: {@code PUT /v1/blobs} with the raw body (see {@link BlobsHandler});
 * {@code GET /status} answers {@code {"status":"ok"}}. On the JDK's HTTP server, {@code maxConcurrent} worker
 * threads.
 */
public final class PublisherServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers;

    private PublisherServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    public static PublisherServer start(Uploader uploader, PublisherSettings settings) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 64);
        } catch (java.net.BindException e) {
            throw new IOException("cannot listen on " + settings.bindAddress() + ":" + settings.port() + ": "
                    + e.getMessage() + " (another publisher running? choose --port)", e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(settings.maxConcurrent(), r -> {
            Thread t = new Thread(r, "publisher-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/v1/blobs", new BlobsHandler(uploader, settings));
        server.createContext("/status", ex -> {
            try (ex) {
                byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
        return new PublisherServer(server, workers);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** For example {@code http://127.0.0.1:31415}. */
    public String url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : server.getAddress().getAddress().getHostAddress();
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
