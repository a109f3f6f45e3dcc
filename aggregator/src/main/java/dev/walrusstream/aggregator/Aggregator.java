package dev.walrusstream.aggregator;

import com.sun.net.httpserver.HttpServer;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.dataset.BlobCache;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.client.dataset.DatasetVersion;
import dev.walrusstream.client.dataset.NotAManifestException;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Walrus-compatible aggregator over a {@link StorageClient}: Walrus's blob and quilt routes, dataset
 * routes, {@code Range} on every route, and a console page at {@code /}. A plain service on the JDK
 * HTTP server; {@link AggregatorConfig} bounds its concurrency, memory and cache, and names the key
 * source it opens client-side encrypted blobs with.
 */
public final class Aggregator implements AutoCloseable {
    private final AggregatorConfig config;
    private final DatasetReader reader;
    private final DatasetCatalog catalog = new DatasetCatalog();
    private final Semaphore reads;
    private final HttpServer server;
    private final ExecutorService threads;
    private final java.util.ArrayDeque<java.util.Map<String, Object>> receipts = new java.util.ArrayDeque<>();
    /** Receipts kept for the console (the newest ones). */
    public static final int RECEIPTS_KEPT = 200;

    private Aggregator(StorageClient client, AggregatorConfig config) throws IOException {
        this.config = config;
        KeySource keys;
        try {
            keys = config.keySource() == null ? null : KeySources.open(config.keySource());
        } catch (EncryptionException e) {
            throw new IllegalArgumentException("aggregator key source '" + config.keySource() + "': " + e.getMessage(), e);
        }
        this.reader = new DatasetReader(client, new BlobCache(config.cacheBytes()), 4, keys);
        this.reads = new Semaphore(config.maxConcurrentReads(), true);
        AtomicInteger n = new AtomicInteger();
        // waiting requests hold a thread each; reads beyond maxConcurrentReads wait on the semaphore, then 503
        this.threads = Executors.newFixedThreadPool(config.maxConcurrentReads() * 4, r -> {
            Thread t = new Thread(r, "walrus-aggregator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        } catch (java.net.BindException e) {
            threads.shutdownNow();
            throw new IOException("the aggregator cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage() + " (another aggregator or publisher running? choose another port, 0 for any free one)", e);
        }
        server.createContext("/", new Routes(this));
        server.setExecutor(threads);
    }

    /** Starts serving; the caller owns the client and closes it after the aggregator. */
    public static Aggregator start(StorageClient client, AggregatorConfig config) throws IOException {
        Aggregator a = new Aggregator(client, config);
        a.server.start();
        return a;
    }

    /** Reads a manifest and serves its dataset version (the newest one told wins; a closed one beats snapshots). */
    public DatasetVersion addManifest(BlobId manifestId) throws ReadException, NotAManifestException, InterruptedException,
            EncryptionException {
        DatasetVersion v = reader.manifest(manifestId);
        catalog.add(manifestId, v);
        return v;
    }

    /** Shows a receipt on the console (the newest {@value #RECEIPTS_KEPT} are kept); fields are shown as given. */
    public void noteReceipt(java.util.Map<String, Object> receipt) {
        synchronized (receipts) {
            receipts.addFirst(java.util.Map.copyOf(receipt));
            while (receipts.size() > RECEIPTS_KEPT) {
                receipts.removeLast();
            }
        }
    }

    /** The receipts noted so far, newest first. */
    public java.util.List<java.util.Map<String, Object>> recentReceipts() {
        synchronized (receipts) {
            return java.util.List.copyOf(receipts);
        }
    }

    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    public AggregatorConfig config() {
        return config;
    }

    public DatasetCatalog catalog() {
        return catalog;
    }

    DatasetReader reader() {
        return reader;
    }

    Semaphore reads() {
        return reads;
    }

    /** Decoded segments and quilt patches held in the cache now, in bytes (at most {@code cacheBytes}). */
    public long cachedBytes() {
        return reader.cache().bytes();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        reader.close();
    }
}
