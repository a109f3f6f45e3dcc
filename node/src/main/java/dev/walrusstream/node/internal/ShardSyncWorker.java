package dev.walrusstream.node.internal;

import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.bcs.BcsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The new owner's side of an epoch change. The shards to sync are those the node owns now beyond the
 * ones it last recorded holding whole ({@link NodeStore#heldShards()}): the shards it gained in this
 * change, and after a restart also those it gained in a change it missed while down. Once the node's
 * chain follower has caught up (it must know which blobs are certified before it can store or judge
 * anything), each such shard is fetched page by page from its previous owner (signed
 * {@code sync_shard} requests; every sliver verified against metadata that is verified against the
 * blob ID); when that owner is gone, refuses, or is this node itself (a shard gained in an epoch the
 * node missed), what is missing is rebuilt from the current committee's peers ({@link RecoveryWorker}).
 * Each shard is {@link ShardStatus#IN_TRANSFER} or {@link ShardStatus#IN_RECOVERY}, then
 * {@link ShardStatus#READY} once every certified blob has both its slivers here. When all are ready
 * the node records them held and reports the epoch's sync done to the chain; a member that had nothing
 * to sync reports at once (Walrus's nodes do the same: the change is done at a quorum of reported shards).
 */
public final class ShardSyncWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShardSyncWorker.class.getName());
    private static final int TRANSFER_ATTEMPTS = 3;
    private static final long PROGRESS_LOG_NANOS = 10_000_000_000L;

    private final NodeContext ctx;
    private final RecoveryWorker recovery;
    private final PeerClient peers;
    private final ExecutorService executor;
    private final EpochSyncReports reports;
    private final AtomicLong transferred;
    private volatile BooleanSupplier caughtUp = () -> true;
    private volatile boolean closed;

    public ShardSyncWorker(NodeContext ctx, RecoveryWorker recovery, PeerClient peers, ExecutorService executor,
                           EpochSyncReports reports) {
        this.ctx = ctx;
        this.recovery = recovery;
        this.peers = peers;
        this.executor = executor;
        this.reports = reports;
        this.transferred = new AtomicLong(ctx.store.transferredSlivers());
    }

    /** Syncs wait until {@code followerCaughtUp} holds: the node knows the chain's blobs. */
    public void awaitFollower(BooleanSupplier followerCaughtUp) {
        this.caughtUp = followerCaughtUp;
    }

    /** Slivers received from previous owners over the node's life (persisted, so a restart keeps the count). */
    public long transferredSlivers() {
        return transferred.get();
    }

    /** The last epoch whose sync this node reported done (−1: none). */
    public int reportedEpoch() {
        return reports.acceptedEpoch();
    }

    /**
     * Starts syncing the shards {@code view} owns beyond those recorded held; with none to sync, records
     * the view's shards held and (a member in a change) reports the sync done at once.
     */
    public void start(ShardView view) {
        if (closed) {
            return;
        }
        Set<Integer> toSync = toSync(view);
        if (toSync.isEmpty()) {
            ctx.store.putHeldShards(new NodeStore.HeldShards(view.epoch(), new TreeSet<>(view.ownedShards())));
            if (view.memberIndex() < 0) {
                LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + view.epoch() + ": not a member of the "
                        + "committee; no sync to report");
            } else if (view.previous() == null) {
                reports.holdsShardsIfSyncing(view.epoch());
            } else {
                reports.holdsShards(view.epoch(), "member that gained no shard (owns " + view.ownedShards() + ")");
            }
            return;
        }
        toSync.forEach(s -> ctx.setShardStatus(s, source(view, s) == null ? ShardStatus.IN_RECOVERY : ShardStatus.IN_TRANSFER));
        LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + view.epoch() + ": shards " + toSync
                + " to sync (fetched from their previous owners, or recovered from peers)");
        executor.execute(() -> run(view, toSync));
    }

    /** Owned in {@code view} and not recorded held (without a record: not held in the previous committee). */
    Set<Integer> toSync(ShardView view) {
        Set<Integer> held = ctx.store.heldShards().<Set<Integer>>map(NodeStore.HeldShards::shards)
                .orElseGet(() -> view.previous() == null ? view.ownedShards() : heldIn(view.previous()));
        TreeSet<Integer> out = new TreeSet<>(view.ownedShards());
        out.removeAll(held);
        return out;
    }

    private Set<Integer> heldIn(dev.walrusstream.chain.Committee c) {
        int at = c.indexOf(ctx.nodeId);
        return at < 0 ? Set.of() : Set.copyOf(c.member(at).shards());
    }

    /** The previous owner to fetch {@code shard} from, or null: none other than this node (recover it). */
    private StorageNodeInfo source(ShardView view, int shard) {
        if (view.previous() == null) {
            return null;
        }
        StorageNodeInfo from = view.previous().member(view.previous().memberOfShard(shard));
        return from.nodeId().equals(ctx.nodeId) ? null : from;
    }

    private boolean stale(ShardView view) {
        return closed || ctx.epoch() != view.epoch();
    }

    private void run(ShardView view, Set<Integer> toSync) {
        try {
            long waitingSince = System.nanoTime();
            long loggedAt = waitingSince;
            while (!caughtUp.getAsBoolean()) { // pages of blobs it does not know yet would be dropped unseen
                if (stale(view)) {
                    return;
                }
                if (System.nanoTime() - loggedAt > PROGRESS_LOG_NANOS) {
                    loggedAt = System.nanoTime();
                    long seconds = (loggedAt - waitingSince) / 1_000_000_000L;
                    LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + view.epoch() + ": shards " + toSync
                            + " wait for the chain follower to catch up (" + seconds + " s so far)");
                }
                ctx.awaitEvents(() -> closed || caughtUp.getAsBoolean(), 1_000);
            }
            for (int shard : toSync) {
                if (stale(view)) {
                    return;
                }
                StorageNodeInfo from = source(view, shard);
                boolean whole = from != null && transfer(view, shard, from) && complete(view, shard);
                ctx.setShardStatus(shard, whole ? ShardStatus.READY : ShardStatus.IN_RECOVERY);
            }
            long progressAt = System.nanoTime();
            while (!stale(view)) {
                Set<Integer> waiting = new TreeSet<>();
                for (int shard : toSync) {
                    if (ctx.shardStatus(shard) != ShardStatus.READY) {
                        if (complete(view, shard)) {
                            ctx.setShardStatus(shard, ShardStatus.READY);
                        } else {
                            waiting.add(shard);
                        }
                    }
                }
                if (waiting.isEmpty()) {
                    break;
                }
                if (System.nanoTime() - progressAt > PROGRESS_LOG_NANOS) {
                    progressAt = System.nanoTime();
                    LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + view.epoch() + ": shards " + waiting
                            + " still lack slivers of " + missing(view, waiting) + " certified blobs; recovering them");
                }
                recovery.sweepAll();
                ctx.awaitEvents(() -> closed, 1_000);
            }
            if (stale(view)) {
                LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + view.epoch() + " ended (now " + ctx.epoch()
                        + ") before shards " + toSync + " were synced; no sync report for it");
            } else {
                ctx.store.putHeldShards(new NodeStore.HeldShards(view.epoch(), new TreeSet<>(view.ownedShards())));
                reports.holdsShards(view.epoch(), "holds every shard it gained (" + toSync + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, ctx.name + ": syncing shards " + toSync + " of epoch " + view.epoch()
                    + " failed", e);
        }
    }

    /** True when the previous owner gave every page; false when it could not be asked or refused. */
    private boolean transfer(ShardView view, int shard, StorageNodeInfo from) throws InterruptedException {
        BlobId after = null;
        int failures = 0;
        while (!stale(view)) {
            ShardSyncMessages.Request req = new ShardSyncMessages.Request(ctx.nodeId, view.epoch(), shard, after,
                    ShardSyncMessages.MAX_PAGE);
            ShardSyncMessages.Signed signed = new ShardSyncMessages.Signed(req, ctx.keyPair.sign(req.signingMessage()));
            ShardSyncMessages.Page page;
            try {
                page = ShardSyncMessages.Page.fromBcs(peers.syncShard(from, signed.toBcs()));
            } catch (PeerClient.Refused r) {
                failures++;
                if (failures >= TRANSFER_ATTEMPTS || r.status == 403) {
                    LOG.log(System.Logger.Level.WARNING, ctx.name + ": shard " + shard + " cannot be fetched from its "
                            + "previous owner " + from.name() + " (" + r.getMessage() + "); recovering it from peers");
                    return false;
                }
                ctx.awaitEvents(() -> closed, 300L * failures);
                continue;
            } catch (BcsException e) {
                LOG.log(System.Logger.Level.WARNING, ctx.name + ": previous owner " + from.name() + " sent an unreadable "
                        + "sync_shard page for shard " + shard + ": " + e.getMessage() + "; recovering it from peers");
                return false;
            }
            for (ShardSyncMessages.Entry e : page.entries()) {
                store(view, shard, e, from);
            }
            ctx.store.putTransferredSlivers(transferred.get());
            if (page.last() == null) {
                return true;
            }
            after = page.last();
        }
        return false;
    }

    private void store(ShardView view, int shard, ShardSyncMessages.Entry e, StorageNodeInfo from) {
        BlobId id = e.blobId();
        if (!ctx.registrations(id).isRegistered(view.epoch())) {
            return;
        }
        try {
            BlobMetadata m = ctx.store.metadata(id);
            if (m == null) {
                m = BlobMetadata.fromBcs(e.metadata());
                m.verify(id);
                ctx.store.putMetadata(id, m);
            }
            RedStuffParams params = view.params();
            int pair = params.pairOfShard(id, shard);
            put(id, m, SliverType.PRIMARY, pair, pair, e.primary());
            put(id, m, SliverType.SECONDARY, pair, params.secondaryIndexOfPair(pair), e.secondary());
        } catch (CodecException | IllegalArgumentException x) {
            LOG.log(System.Logger.Level.WARNING, ctx.name + ": previous owner " + from.name() + " sent data for blob " + id
                    + " that does not verify (" + x.getMessage() + "); it is recovered from peers instead");
        }
    }

    private void put(BlobId id, BlobMetadata m, SliverType type, int pair, int expectedIndex, byte[] bcs) {
        if (bcs.length == 0 || ctx.store.hasSliver(id, type, pair)) {
            return;
        }
        Sliver sliver = Sliver.fromBcs(type, bcs);
        if (sliver.index() != expectedIndex) {
            throw new IllegalArgumentException(type.label() + " sliver has index " + sliver.index() + ", expected "
                    + expectedIndex);
        }
        ctx.codec.verify(m, sliver);
        ctx.store.putSliver(id, type, pair, bcs);
        transferred.incrementAndGet();
    }

    /** True when every blob certified and live in the view's epoch has both slivers of {@code shard}'s pair here. */
    public boolean complete(ShardView view, int shard) {
        RedStuffParams params = view.params();
        List<BlobId> missing = new ArrayList<>();
        ctx.store.forEachBlob((id, reg) -> {
            if (missing.isEmpty() && reg.isCertified(view.epoch())) {
                int pair = params.pairOfShard(id, shard);
                if (!ctx.store.hasSliver(id, SliverType.PRIMARY, pair) || !ctx.store.hasSliver(id, SliverType.SECONDARY, pair)) {
                    missing.add(id);
                }
            }
        });
        return missing.isEmpty();
    }

    /** Certified blobs lacking a sliver of one of {@code shards} here. */
    private long missing(ShardView view, Set<Integer> shards) {
        RedStuffParams params = view.params();
        long[] n = new long[1];
        ctx.store.forEachBlob((id, reg) -> {
            if (reg.isCertified(view.epoch())) {
                for (int shard : shards) {
                    int pair = params.pairOfShard(id, shard);
                    if (!ctx.store.hasSliver(id, SliverType.PRIMARY, pair) || !ctx.store.hasSliver(id, SliverType.SECONDARY, pair)) {
                        n[0]++;
                        return;
                    }
                }
            }
        });
        return n[0];
    }

    /**
     * After EpochChangeDone. The lost shards are still kept: a gainer that was slow or down may still
     * fetch them until the next epoch starts ({@link #dropLost}).
     */
    public void changeDone(int epoch) {
        ShardView view = ctx.view();
        if (view.epoch() == epoch && !view.losing().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + epoch + " change done; keeps lost shards "
                    + view.losing() + " for late gainers until the next epoch starts");
        }
    }

    /** At the next epoch's start: the slivers of shards lost in the change before, and not served now, are dropped. */
    public void dropLost(ShardView before, ShardView now) {
        Set<Integer> lost = new TreeSet<>(before.losing());
        lost.removeIf(now::serves);
        if (lost.isEmpty()) {
            return;
        }
        RedStuffParams params = before.params();
        BlobId after = null;
        long dropped = 0;
        while (true) {
            List<BlobId> page = ctx.store.blobsWithMetadataAfter(after, 256);
            for (BlobId id : page) {
                for (int shard : lost) {
                    int pair = params.pairOfShard(id, shard);
                    ctx.store.deleteSliver(id, SliverType.PRIMARY, pair);
                    ctx.store.deleteSliver(id, SliverType.SECONDARY, pair);
                    dropped++;
                }
                if (now.ownedShards().isEmpty() && now.losing().isEmpty()) {
                    ctx.store.deleteBlobData(id);
                }
            }
            if (page.size() < 256) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        long n = dropped;
        LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + now.epoch() + " started; dropped shards " + lost
                + " lost in epoch " + before.epoch() + " (" + n + " sliver pairs)");
    }

    @Override
    public void close() {
        closed = true;
        reports.close();
    }
}
