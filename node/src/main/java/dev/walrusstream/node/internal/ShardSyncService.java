package dev.walrusstream.node.internal;

import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.Bls;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.SliverType;

import java.util.ArrayList;
import java.util.List;

/**
 * The previous owner's side of shard sync ({@code POST /v1/migrate/sync_shard}): it answers only the
 * member that owns the shard in the current committee, with a request that member signed, and
 * only while this node still holds the shard as one it lost in this epoch's change (until
 * EpochChangeDone). A request for an epoch this node has not reached yet waits briefly for the
 * chain events that bring it there.
 */
public final class ShardSyncService {
    private static final long EPOCH_WAIT_MILLIS = 10_000;
    private final NodeContext ctx;

    public ShardSyncService(NodeContext ctx) {
        this.ctx = ctx;
    }

    public byte[] serve(byte[] body) throws InterruptedException {
        ShardSyncMessages.Signed signed;
        try {
            signed = ShardSyncMessages.Signed.fromBcs(body);
        } catch (IllegalArgumentException e) {
            throw NodeError.badBcs("sync_shard request", e.getMessage());
        }
        ShardSyncMessages.Request req = signed.request();
        if (ctx.epoch() < req.epoch()) {
            ctx.awaitEvents(() -> ctx.epoch() >= req.epoch(), EPOCH_WAIT_MILLIS);
        }
        ShardView view = ctx.view();
        if (view.epoch() != req.epoch()) {
            throw NodeError.failedPrecondition("WRONG_EPOCH", "shard sync for epoch " + req.epoch() + " asked of a node "
                    + "in epoch " + view.epoch(), "requested", req.epoch(), "epoch", view.epoch());
        }
        int at = view.committee().indexOf(req.requester());
        StorageNodeInfo requester = at < 0 ? null : view.committee().member(at);
        if (requester == null || !requester.shards().contains(req.shard())) {
            throw NodeError.permissionDenied("NOT_SHARD_OWNER", "node " + req.requester() + " does not own shard "
                    + req.shard() + " in the committee of epoch " + view.epoch(), "requester", req.requester(),
                    "shard", req.shard(), "epoch", view.epoch());
        }
        if (!Bls.verify(requester.publicKey(), req.signingMessage(), signed.signature())) {
            throw NodeError.permissionDenied("INVALID_SIGNATURE", "the sync_shard request is not signed by the key of "
                    + "node " + req.requester(), "requester", req.requester());
        }
        if (!view.losing().contains(req.shard())) {
            throw NodeError.failedPrecondition("SHARD_NOT_HELD", "this node does not hold shard " + req.shard()
                    + " for transfer in epoch " + view.epoch() + " (it did not own it before, or the change is done and "
                    + "it was dropped)", "shard", req.shard(), "epoch", view.epoch());
        }
        int limit = Math.max(1, Math.min(req.limit(), ShardSyncMessages.MAX_PAGE));
        List<BlobId> blobs = ctx.store.blobsWithMetadataAfter(req.after(), limit + 1);
        List<ShardSyncMessages.Entry> entries = new ArrayList<>();
        BlobId last = null;
        for (int i = 0; i < Math.min(limit, blobs.size()); i++) {
            BlobId id = blobs.get(i);
            last = id;
            int pair = view.params().pairOfShard(id, req.shard());
            byte[] primary = ctx.store.sliver(id, SliverType.PRIMARY, pair);
            byte[] secondary = ctx.store.sliver(id, SliverType.SECONDARY, pair);
            byte[] metadata = ctx.store.metadataBcs(id);
            if (metadata == null || (primary == null && secondary == null)) {
                continue;
            }
            entries.add(new ShardSyncMessages.Entry(id, metadata, primary == null ? new byte[0] : primary,
                    secondary == null ? new byte[0] : secondary));
        }
        return new ShardSyncMessages.Page(entries, blobs.size() > limit ? last : null).toBcs();
    }
}
