package dev.walrusstream.node.internal;

import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RecoverySymbol;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds slivers this node should hold but does not (lost disk, joined late, missed uploads) for
 * certified blobs: fetches metadata from a peer if needed (verified against the blob ID), then
 * recovery symbols from peers, checks each symbol's Merkle proof against the metadata, and decodes
 * secondary slivers first (n − 2f symbols each), then primary slivers (n − f each).
 */
public final class RecoveryWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RecoveryWorker.class.getName());
    /** Symbol IDs per request, keeping the query string within the server's header limit. */
    static final int IDS_PER_REQUEST = 1500;

    private final NodeContext ctx;
    private final NodeService service;
    private final PeerClient peers;
    private final ScheduledExecutorService executor;
    private final Set<BlobId> queued = ConcurrentHashMap.newKeySet();
    private final Map<BlobId, Integer> attempts = new ConcurrentHashMap<>();
    private final AtomicLong recovered = new AtomicLong();
    private volatile boolean closed;

    public RecoveryWorker(NodeContext ctx, NodeService service, PeerClient peers, ScheduledExecutorService executor) {
        this.ctx = ctx;
        this.service = service;
        this.peers = peers;
        this.executor = executor;
        long sweep = ctx.limits.recoverySweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweepAll, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Slivers rebuilt since start. */
    public long recoveredSlivers() {
        return recovered.get();
    }

    /** Blobs waiting for or under recovery. */
    public int inRecovery() {
        return queued.size();
    }

    public void schedule(BlobId blobId, Duration delay) {
        if (closed || !queued.add(blobId)) {
            return;
        }
        executor.schedule(() -> run(blobId), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues every certified, live blob that lacks slivers here. */
    public void sweepAll() {
        if (closed) {
            return;
        }
        try {
            int epoch = ctx.epoch();
            List<BlobId> todo = new ArrayList<>();
            ctx.store.forEachBlob((id, reg) -> {
                if (reg.isCertified(epoch) && !service.fullyStored(id)) {
                    todo.add(id);
                }
            });
            todo.forEach(id -> schedule(id, Duration.ZERO));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "recovery sweep failed: " + e);
        }
    }

    private void run(BlobId blobId) {
        // the blob stays queued while it is recovered, so a sweep meanwhile does not rebuild it a second time
        if (closed) {
            queued.remove(blobId);
            return;
        }
        boolean done = false;
        try {
            done = recover(blobId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, ctx.name + ": recovering " + blobId + " failed: " + e);
        }
        queued.remove(blobId);
        if (done) {
            attempts.remove(blobId);
            return;
        }
        int n = attempts.merge(blobId, 1, Integer::sum);
        if (n < 8) {
            schedule(blobId, Duration.ofMillis(Math.min(30_000, 500L << n)));
        } else {
            attempts.remove(blobId);
            LOG.log(System.Logger.Level.WARNING, ctx.name + ": giving up on " + blobId + " for now; the periodic sweep retries");
        }
    }

    /** True when nothing is missing any more (or the blob no longer needs to be held). */
    boolean recover(BlobId blobId) {
        if (!ctx.registrations(blobId).isCertified(ctx.epoch())) {
            return true;
        }
        ShardView view = ctx.view();
        // shards still arriving from their previous owner are not rebuilt meanwhile
        List<Integer> pairs = new ArrayList<>();
        for (int shard : new java.util.TreeSet<>(view.ownedShards())) {
            if (ctx.shardStatus(shard) != ShardStatus.IN_TRANSFER) {
                pairs.add(view.params().pairOfShard(blobId, shard));
            }
        }
        if (pairs.isEmpty() || service.fullyStored(blobId)) {
            return true;
        }
        BlobMetadata metadata = ctx.store.metadata(blobId);
        if (metadata == null) {
            metadata = fetchMetadata(view, blobId);
            if (metadata == null) {
                return false;
            }
            ctx.store.putMetadata(blobId, metadata);
        }
        RedStuffParams params = view.params();
        List<Integer> secondaryTargets = new ArrayList<>();
        List<Integer> primaryTargets = new ArrayList<>();
        for (int pair : pairs) {
            if (!ctx.store.hasSliver(blobId, SliverType.SECONDARY, pair)) {
                secondaryTargets.add(params.secondaryIndexOfPair(pair));
            }
            if (!ctx.store.hasSliver(blobId, SliverType.PRIMARY, pair)) {
                primaryTargets.add(pair);
            }
        }
        LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": recovering blob " + blobId + ": " + secondaryTargets.size()
                + " secondary and " + primaryTargets.size() + " primary slivers");
        boolean ok = rebuild(view, blobId, metadata, SliverType.SECONDARY, secondaryTargets);
        ok &= rebuild(view, blobId, metadata, SliverType.PRIMARY, primaryTargets);
        for (int pair : pairs) {
            ok &= ctx.store.hasSliver(blobId, SliverType.PRIMARY, pair) && ctx.store.hasSliver(blobId, SliverType.SECONDARY, pair);
        }
        return ok;
    }

    private BlobMetadata fetchMetadata(ShardView view, BlobId blobId) {
        List<StorageNodeInfo> order = new ArrayList<>(view.peers());
        Collections.shuffle(order);
        for (StorageNodeInfo peer : order) {
            BlobMetadata m = peers.metadata(peer, blobId);
            if (m == null) {
                continue;
            }
            try {
                m.verify(blobId);
                if (m.nShards() == view.nShards()) {
                    return m;
                }
            } catch (CodecException e) {
                LOG.log(System.Logger.Level.WARNING, "peer " + peer.name() + " sent metadata that is not blob "
                        + blobId + "'s: " + e.getMessage());
            }
        }
        return null;
    }

    /** Rebuilds {@code targets} (sliver indices of {@code type}) from symbols of the other type. */
    private boolean rebuild(ShardView view, BlobId blobId, BlobMetadata metadata, SliverType type, List<Integer> targets) {
        if (targets.isEmpty()) {
            return true;
        }
        RedStuffParams params = view.params();
        SliverType sourceType = type.orthogonal();
        int needed = type == SliverType.SECONDARY ? params.primarySymbols() : params.secondarySymbols();
        // target index → source index → symbol
        Map<Integer, Map<Integer, RecoverySymbol>> got = new HashMap<>();
        targets.forEach(t -> got.put(t, new LinkedHashMap<>()));
        int[] targetArray = targets.stream().mapToInt(Integer::intValue).toArray();
        // our own slivers of the other type are sources too
        for (int pair : view.ownedPairs(blobId)) {
            byte[] bcs = ctx.store.sliver(blobId, sourceType, pair);
            if (bcs != null) {
                Sliver source = Sliver.fromBcs(sourceType, bcs);
                for (RecoverySymbol s : ctx.codec.recoverySymbols(metadata, source, targetArray)) {
                    got.get(s.targetIndex()).put(s.sourceIndex(), s);
                }
            }
        }
        List<StorageNodeInfo> order = new ArrayList<>(view.peers());
        Collections.shuffle(order);
        for (StorageNodeInfo peer : order) {
            if (closed || enough(got, needed)) {
                break;
            }
            List<String> ids = new ArrayList<>();
            for (int shard : peer.shards()) {
                int pair = params.pairOfShard(blobId, shard);
                int sourceIndex = sourceType == SliverType.PRIMARY ? pair : params.secondaryIndexOfPair(pair);
                for (int t : targets) {
                    if (!got.get(t).containsKey(sourceIndex)) {
                        ids.add(type == SliverType.SECONDARY ? sourceIndex + "-" + t : t + "-" + sourceIndex);
                    }
                }
            }
            for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
                for (RecoverySymbol s : peers.symbols(peer, blobId, chunk, sourceType)) {
                    Map<Integer, RecoverySymbol> forTarget = got.get(s.targetIndex());
                    if (s.targetType() != type || forTarget == null) {
                        continue;
                    }
                    try {
                        s.verify(metadata);
                        forTarget.putIfAbsent(s.sourceIndex(), s);
                    } catch (CodecException e) {
                        LOG.log(System.Logger.Level.WARNING, "peer " + peer.name() + " sent an invalid recovery symbol "
                                + s.symbolId() + " for blob " + blobId + ": " + e.getMessage());
                    }
                }
            }
        }
        boolean all = true;
        for (int t : targets) {
            Map<Integer, RecoverySymbol> symbols = got.get(t);
            if (symbols.size() < needed) {
                all = false;
                continue;
            }
            try {
                Sliver sliver = ctx.codec.recoverSliver(metadata, type, t, symbols.values());
                ctx.store.putSliver(blobId, type, params.pairOfSliver(type, t), sliver.toBcs());
                recovered.incrementAndGet();
            } catch (CodecException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot rebuild " + type.label() + " sliver " + t + " of "
                        + blobId + ": " + e.getMessage());
                all = false;
            }
        }
        return all;
    }

    private static boolean enough(Map<Integer, Map<Integer, RecoverySymbol>> got, int needed) {
        return got.values().stream().allMatch(m -> m.size() >= needed);
    }

    @Override
    public void close() {
        closed = true;
    }
}
