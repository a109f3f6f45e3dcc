package dev.walrusstream.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.node.internal.ChainFollower;
import dev.walrusstream.node.internal.NodeContext;
import dev.walrusstream.node.internal.NodeService;
import dev.walrusstream.node.internal.NodeStore;
import dev.walrusstream.node.internal.PeerClient;
import dev.walrusstream.node.internal.RecoveryWorker;
import dev.walrusstream.node.internal.CorsHandler;
import dev.walrusstream.node.internal.EpochSyncReports;
import dev.walrusstream.node.internal.RestHandler;
import dev.walrusstream.node.internal.ShardView;
import dev.walrusstream.node.internal.ShardStatus;
import dev.walrusstream.node.internal.ShardSyncService;
import dev.walrusstream.node.internal.ShardSyncWorker;
import dev.walrusstream.node.internal.SymbolService;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage node: the Walrus storage-node REST API on one port speaking HTTP/2 cleartext (prior
 * knowledge or upgrade) and HTTP/1.1, RocksDB for metadata and slivers, BLS confirmations, a
 * follower of the chain's events, and background recovery of missing slivers from its peers.
 * Its shards come from the chain's committee for the current epoch.
 */
public final class StorageNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StorageNode.class.getName());
    /** How often a member checks that its epoch-sync report was taken while a change syncs. */
    private static final Duration SYNC_REPORT_CHECK = Duration.ofSeconds(2);
    /** Largest request header (recovery-symbol queries list many symbol IDs). */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Bytes a connection reads at a time: slivers arrive in bodies of hundreds of KiB to a few MiB. */
    static final int REQUEST_BUFFER_BYTES = 256 << 10;
    /** Most idle buffer memory the node's HTTP server keeps pooled, direct and heap each. */
    static final long BUFFER_POOL_BYTES = 32L << 20;

    private final NodeConfig config;
    private final NodeStore store;
    private final NodeContext ctx;
    private final ChainFollower follower;
    private final RecoveryWorker recovery;
    private final ShardSyncWorker shardSync;
    private final ScheduledExecutorService background;
    private final java.util.concurrent.ExecutorService httpPool;
    private final Server server;
    private final ServerConnector connector;
    private final ChainInfo chainInfo;

    private StorageNode(NodeConfig config, NodeStore store, NodeContext ctx, ChainFollower follower, RecoveryWorker recovery,
                        ShardSyncWorker shardSync, ScheduledExecutorService background, java.util.concurrent.ExecutorService httpPool, Server server,
                        ServerConnector connector, ChainInfo chainInfo) {
        this.config = config;
        this.store = store;
        this.ctx = ctx;
        this.follower = follower;
        this.recovery = recovery;
        this.shardSync = shardSync;
        this.background = background;
        this.httpPool = httpPool;
        this.server = server;
        this.connector = connector;
        this.chainInfo = chainInfo;
    }

    /**
     * Opens the node's store, reads the committee from {@code chain} (waiting up to {@code chainWait}
     * for the chain to answer), starts serving and following events. The chain stays owned by the caller.
     */
    public static StorageNode start(NodeConfig config, Chain chain, Duration chainWait) throws Exception {
        return start(config, chain, chainWait, chain::epochSyncDone);
    }

    /**
     * As {@link #start(NodeConfig, Chain, Duration)}, reporting epoch syncs through {@code reporter}
     * instead of {@code chain} (for nodes that follow the chain read-only).
     */
    public static StorageNode start(NodeConfig config, Chain chain, Duration chainWait, EpochSyncReporter reporter)
            throws Exception {
        Committee committee = committeeWithin(chain, chainWait);
        ChainInfo info = chain.info();
        NodeStore store = NodeStore.open(config.dataDir());
        ScheduledExecutorService background = null;
        java.util.concurrent.ExecutorService httpPool = null;
        Server server = null;
        EpochSyncReports reports = null;
        try {
            ShardView startView = ShardView.of(committee, config.nodeId());
            java.util.Optional<Committee> previous = chain.previousCommittee();
            if (previous.isPresent() && previous.get().epoch() == committee.epoch() - 1) {
                // restarted in an epoch that changed the committee: it still serves the shards it lost
                // there until the next epoch starts, and syncs those it gained
                startView = ShardView.changing(committee, previous.get(), config.nodeId());
            }
            ShardView view = startView;
            if (view.memberIndex() < 0) {
                LOG.log(System.Logger.Level.WARNING, config.name() + " (" + config.nodeId() + ") is not in the committee of "
                        + "epoch " + committee.epoch() + "; it holds no shards");
            }
            NodeContext ctx = new NodeContext(config.name(), config.nodeId(), config.keyPair(), store, config.limits(), view);
            NodeService service = new NodeService(ctx);
            AtomicInteger n = new AtomicInteger();
            background = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "node-" + config.name() + "-bg-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            // the HTTP client completes requests on its own threads: never the (small) background pool,
            // whose threads block in those very requests
            httpPool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "node-" + config.name() + "-peer-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            PeerClient peers = new PeerClient(Duration.ofSeconds(60), httpPool);
            RecoveryWorker recovery = new RecoveryWorker(ctx, service, peers, background);
            reports = new EpochSyncReports(ctx, reporter, chain::epochState, SYNC_REPORT_CHECK);
            ShardSyncWorker shardSync = new ShardSyncWorker(ctx, recovery, peers, httpPool, reports);
            ChainFollower follower = new ChainFollower(ctx, chain, service, recovery, shardSync);
            shardSync.awaitFollower(follower::caughtUp);

            QueuedThreadPool pool = new QueuedThreadPool(200, 4);
            pool.setName("node-" + config.name() + "-http");
            pool.setDaemon(true);
            // the 256 KiB request buffers below are larger than Jetty's default pool keeps (64 KiB): without a
            // pool that takes them, every read of a connection allocates and zeroes a fresh direct buffer
            server = new Server(pool, null, new ArrayByteBufferPool(0, 4096, REQUEST_BUFFER_BYTES, Integer.MAX_VALUE,
                    BUFFER_POOL_BYTES, BUFFER_POOL_BYTES));
            HttpConfiguration http = new HttpConfiguration();
            http.setRequestHeaderSize(MAX_HEADER_BYTES);
            http.setSendServerVersion(false);
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
            h2c.setInitialSessionRecvWindow(32 << 20);
            h2c.setInitialStreamRecvWindow(16 << 20);
            h2c.setMaxConcurrentStreams(512);
            // slivers arrive in bodies of hundreds of KiB to a few MiB: read them in large chunks, not 8 KiB reads
            HttpConnectionFactory http1 = new HttpConnectionFactory(http);
            http1.setInputBufferSize(REQUEST_BUFFER_BYTES);
            h2c.setInputBufferSize(REQUEST_BUFFER_BYTES);
            ServerConnector connector = new ServerConnector(server, http1, h2c);
            connector.setHost(config.host());
            connector.setPort(config.port());
            connector.setIdleTimeout(120_000);
            server.addConnector(connector);
            StorageNode[] self = new StorageNode[1];
            server.setHandler(new CorsHandler(new RestHandler(service, new SymbolService(ctx), new ShardSyncService(ctx),
                    () -> self[0].health())));
            StorageNode node = new StorageNode(config, store, ctx, follower, recovery, shardSync, background, httpPool,
                    server, connector, info);
            self[0] = node;
            server.start();
            // the shards to sync are marked in transfer before the follower replays anything (its certified
            // blobs would otherwise be rebuilt by recovery first); the sync itself waits until the follower
            // has caught up, since it skips blobs it does not know and counts a shard complete when every
            // known certified blob is here
            shardSync.start(view);
            follower.start();
            LOG.log(System.Logger.Level.INFO, () -> config.name() + " serving on " + node.url() + ", shards "
                    + view.ownedShards() + " of " + committee.nShards() + ", epoch " + committee.epoch());
            return node;
        } catch (Exception | Error e) {
            if (server != null) {
                try {
                    server.stop();
                } catch (Exception x) {
                    e.addSuppressed(x);
                }
            }
            if (background != null) {
                background.shutdownNow();
            }
            if (httpPool != null) {
                httpPool.shutdownNow();
            }
            if (reports != null) {
                reports.close();
            }
            store.close();
            if (e.getCause() instanceof java.net.BindException || e instanceof java.io.IOException) {
                throw new java.io.IOException("storage node " + config.name() + " cannot listen on " + config.host() + ":"
                        + config.port() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static Committee committeeWithin(Chain chain, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return chain.committee();
            } catch (ChainException.Unavailable e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the chain did not answer within " + wait.toSeconds() + " s: "
                            + e.getMessage(), e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** Test hook: makes this node answer confirmation requests as a Byzantine node would ({@link Misbehaviour#HONEST} to stop). */
    public void misbehave(Misbehaviour misbehaviour) {
        ctx.misbehaviour = misbehaviour;
    }

    public NodeConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code host:port} as the committee lists network addresses. */
    public String address() {
        return config.host() + ":" + port();
    }

    public String url() {
        return "http://" + address();
    }

    /**
     * Direct-buffer bytes the HTTP server keeps idle for the next reads: request buffers come back here
     * instead of being allocated (and zeroed) again; at most {@value #BUFFER_POOL_BYTES} bytes.
     */
    public long pooledHttpBufferBytes() {
        return server.getByteBufferPool() instanceof ArrayByteBufferPool p ? p.getAvailableDirectMemory() : 0;
    }

    /** Chain events applied so far. */
    public long eventsApplied() {
        return follower.eventsApplied();
    }

    /** True once the follower has read every event the chain had. */
    public boolean caughtUp() {
        return follower.caughtUp();
    }

    public long recoveredSlivers() {
        return recovery.recoveredSlivers();
    }

    /** True when both slivers of {@code pairIndex} of {@code blobId} are stored here. */
    public boolean holdsSliverPair(dev.walrusstream.codec.BlobId blobId, int pairIndex) {
        return store.hasSliver(blobId, dev.walrusstream.codec.SliverType.PRIMARY, pairIndex)
                && store.hasSliver(blobId, dev.walrusstream.codec.SliverType.SECONDARY, pairIndex);
    }

    public int epoch() {
        return ctx.epoch();
    }

    /** Health as {@code GET /v1/health} reports it (Walrus's {@code ServiceHealthInfo} plus node ID and chain). */
    public JsonNode health() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode h = json.createObjectNode();
        long up = System.nanoTime() - ctx.startedNanos;
        ObjectNode uptime = h.putObject("uptime");
        uptime.put("secs", up / 1_000_000_000L);
        uptime.put("nanos", up % 1_000_000_000L);
        ShardView view = ctx.view();
        h.put("epoch", view.epoch());
        h.put("publicKey", config.keyPair().publicKey().base64());
        String status = view.memberIndex() < 0 ? "Standby"
                : !follower.caughtUp() ? "RecoveryCatchUp"
                : recovery.inRecovery() > 0 ? "RecoveryInProgress" : "Active";
        h.put("nodeStatus", status);
        ObjectNode progress = h.putObject("eventProgress");
        long applied = follower.eventsApplied();
        progress.put("persisted", applied);
        progress.put("pending", 0);
        if (applied > 0) {
            progress.put("highestFinishedEventIndex", applied - 1);
        } else {
            progress.putNull("highestFinishedEventIndex");
        }
        ObjectNode summary = h.putObject("shardSummary");
        int owned = view.ownedShards().size();
        summary.put("owned", owned);
        int[] counts = new int[ShardStatus.values().length];
        ObjectNode perShard = json.createObjectNode();
        for (int shard : new java.util.TreeSet<>(view.ownedShards())) {
            ShardStatus st = ctx.shardStatus(shard);
            counts[st.ordinal()]++;
            perShard.put(Integer.toString(shard), st.label);
        }
        ObjectNode shardStatus = summary.putObject("ownedShardStatus");
        shardStatus.put("unknown", 0);
        shardStatus.put("ready", counts[ShardStatus.READY.ordinal()]);
        shardStatus.put("inTransfer", counts[ShardStatus.IN_TRANSFER.ordinal()]);
        shardStatus.put("inRecovery", counts[ShardStatus.IN_RECOVERY.ordinal()]);
        summary.put("readOnly", view.losing().size());
        h.set("shards", perShard);
        ObjectNode change = h.putObject("epochChange");
        change.set("losingShards", json.valueToTree(new java.util.TreeSet<>(view.losing())));
        change.put("syncReportedEpoch", shardSync.reportedEpoch());
        change.put("transferredSlivers", shardSync.transferredSlivers());
        h.put("nodeId", config.nodeId().hex());
        h.put("name", config.name());
        h.put("nShards", view.nShards());
        h.put("recoveredSlivers", recovery.recoveredSlivers());
        h.put("pendingUploadBytes", ctx.pending.bytes());
        ObjectNode chain = h.putObject("chain");
        chain.put("kind", chainInfo.kind());
        chain.put("description", chainInfo.description());
        if (follower.lastError() != null) {
            chain.put("lastError", follower.lastError());
        }
        return h;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping " + config.name() + ": " + e);
        }
        follower.close();
        shardSync.close();
        recovery.close();
        background.shutdownNow();
        httpPool.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
