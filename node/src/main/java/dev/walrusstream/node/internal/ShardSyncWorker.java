package dev.walrusstream.node.internal;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.node.EpochSyncReporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The new owner's side of an epoch change: for each shard the node gained, fetch its slivers page by
 * page from the previous owner (signed {@code sync_shard} requests; every sliver verified against
 * metadata that is verified against the blob ID), and when the previous owner is gone or refuses,
 * rebuild what is missing from the current committee's peers ({@link RecoveryWorker}). Each shard is
 * {@link ShardStatus#IN_TRANSFER}, then {@link ShardStatus#IN_RECOVERY} if anything is still missing,
 * then {@link ShardStatus#READY} once every certified blob has both its slivers here; when all gained
 * shards are ready the node reports the epoch's sync done to the chain.
 */
public final class ShardSyncWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShardSyncWorker.class.getName());
    private static final int TRANSFER_ATTEMPTS = 3;

    private final NodeContext ctx;
    private final RecoveryWorker recovery;
    private final PeerClient peers;
    private final ExecutorService executor;
    private final EpochSyncReporter reporter;
    private final AtomicLong transferred = new AtomicLong();
    private volatile int reportedEpoch = -1;
    private volatile boolean closed;

    public ShardSyncWorker(NodeContext ctx, RecoveryWorker recovery, PeerClient peers, ExecutorService executor,
                           EpochSyncReporter reporter) {
        this.ctx = ctx;
        this.recovery = recovery;
        this.peers = peers;
        this.executor = executor;
        this.reporter = reporter;
    }

    /** Slivers received from previous owners since start. */
    public long transferredSlivers() {
        return transferred.get();
    }

    /** The last epoch whose sync this node reported done (−1: none). */
    public int reportedEpoch() {
        return reportedEpoch;
    }

    /** Starts syncing the shards {@code view} gained (nothing when it gained none). */
    public void start(ShardView view) {
        Set<Integer> gained = view.gained(ctx.nodeId);
        if (gained.isEmpty() || closed) {
            return;
        }
        gained.forEach(s -> ctx.setShardStatus(s, ShardStatus.IN_TRANSFER));
        LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + view.epoch() + " gained shards " + gained
                + "; fetching them from their previous owners");
        executor.execute(() -> run(view, gained));
    }

    private boolean stale(ShardView view) {
        return closed || ctx.epoch() != view.epoch();
    }

    private void run(ShardView view, Set<Integer> gained) {
        try {
            for (int shard : gained) {
                if (stale(view)) {
                    return;
                }
                StorageNodeInfo from = view.previous().member(view.previous().memberOfShard(shard));
                boolean whole = transfer(view, shard, from) && complete(view, shard);
                ctx.setShardStatus(shard, whole ? ShardStatus.READY : ShardStatus.IN_RECOVERY);
            }
            while (!stale(view)) {
                boolean all = true;
                for (int shard : gained) {
                    if (ctx.shardStatus(shard) != ShardStatus.READY) {
                        if (complete(view, shard)) {
                            ctx.setShardStatus(shard, ShardStatus.READY);
                        } else {
                            all = false;
                        }
                    }
                }
                if (all) {
                    break;
                }
                recovery.sweepAll();
                ctx.awaitEvents(() -> closed, 1_000);
            }
            if (!stale(view)) {
                report(view.epoch());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, ctx.name + ": syncing shards " + gained + " of epoch " + view.epoch()
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

    private void report(int epoch) throws InterruptedException {
        for (int attempt = 1; !closed; attempt++) {
            try {
                reporter.epochSyncDone(ctx.nodeId, epoch);
                reportedEpoch = epoch;
                LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": holds every shard it gained in epoch " + epoch
                        + "; reported the sync done");
                return;
            } catch (ChainException.RuleViolation v) {
                LOG.log(System.Logger.Level.WARNING, ctx.name + ": the chain refused the sync report of epoch " + epoch
                        + ": " + v.getMessage());
                return;
            } catch (ChainException.Unavailable u) {
                if (attempt >= 10) {
                    LOG.log(System.Logger.Level.WARNING, ctx.name + ": could not report the sync of epoch " + epoch
                            + ": " + u.getMessage());
                    return;
                }
                ctx.awaitEvents(() -> closed, 500L * attempt);
            } catch (UnsupportedOperationException u) {
                LOG.log(System.Logger.Level.WARNING, ctx.name + ": " + u.getMessage() + "; the epoch change of " + epoch
                        + " waits for a report this node cannot send");
                return;
            }
        }
    }

    /** After EpochChangeDone: the slivers of shards this node lost are dropped. */
    public void changeDone(int epoch) {
        ShardView view = ctx.view();
        if (view.epoch() != epoch || view.losing().isEmpty()) {
            return;
        }
        Set<Integer> lost = view.losing();
        ctx.setView(view.done());
        RedStuffParams params = view.params();
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
                if (view.ownedShards().isEmpty()) {
                    ctx.store.deleteBlobData(id);
                }
            }
            if (page.size() < 256) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        long n = dropped;
        LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + epoch + " change done; dropped shards " + lost
                + " (" + n + " sliver pairs)");
    }

    @Override
    public void close() {
        closed = true;
    }
}
