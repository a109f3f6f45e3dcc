package dev.walrusstream.node.internal;

import dev.walrusstream.chain.BlobRegistrations;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.node.NodeLimits;

/**
 * What the node's parts share: identity and key, the store, the pending-upload cache, the codec,
 * the current shard view (swapped on epoch changes) and a monitor signalled whenever chain events
 * were applied (confirmation requests wait on it for registrations).
 */
public final class NodeContext {
    public final String name;
    public final ObjectId nodeId;
    public final BlsKeyPair keyPair;
    public final NodeStore store;
    public final PendingUploads pending;
    public final RedStuff codec;
    public final NodeLimits limits;
    public final long startedNanos = System.nanoTime();
    /** Test hook: a Byzantine node's confirmations (see {@link dev.walrusstream.node.Misbehaviour}). */
    public volatile dev.walrusstream.node.Misbehaviour misbehaviour = dev.walrusstream.node.Misbehaviour.HONEST;
    private volatile ShardView view;
    private final java.util.concurrent.ConcurrentHashMap<Integer, ShardStatus> shardStatus =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Object eventsApplied = new Object();

    public NodeContext(String name, ObjectId nodeId, BlsKeyPair keyPair, NodeStore store, NodeLimits limits, ShardView view) {
        this.name = name;
        this.nodeId = nodeId;
        this.keyPair = keyPair;
        this.store = store;
        this.limits = limits;
        this.pending = new PendingUploads(limits.pendingCacheBytes(), limits.pendingTtl());
        this.codec = RedStuff.create();
        this.view = view;
    }

    public ShardView view() {
        return view;
    }

    public void setView(ShardView newView) {
        this.view = newView;
    }

    /** The status of an owned shard (ready unless an epoch change is bringing it here). */
    public ShardStatus shardStatus(int shard) {
        return shardStatus.getOrDefault(shard, ShardStatus.READY);
    }

    public void setShardStatus(int shard, ShardStatus status) {
        if (status == ShardStatus.READY) {
            shardStatus.remove(shard);
        } else {
            shardStatus.put(shard, status);
        }
    }

    public int epoch() {
        return view.epoch();
    }

    public BlobRegistrations registrations(BlobId blobId) {
        return store.blobState(blobId);
    }

    public void signalEvents() {
        synchronized (eventsApplied) {
            eventsApplied.notifyAll();
        }
    }

    /** Waits until {@code ready} holds or {@code millis} pass; re-checked after every applied event batch. */
    public boolean awaitEvents(java.util.function.BooleanSupplier ready, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (eventsApplied) {
            while (!ready.getAsBoolean()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                eventsApplied.wait(Math.min(left, 200));
            }
            return true;
        }
    }

    /** Largest sliver body accepted: the configured limit, or the largest sliver n shards allow. */
    public long maxSliverBody() {
        if (limits.maxSliverBodyBytes() > 0) {
            return limits.maxSliverBodyBytes();
        }
        return (long) view.params().secondarySymbols() * dev.walrusstream.codec.RedStuffParams.MAX_SYMBOL_SIZE + 9;
    }

    /** Exact size of the BCS metadata of n shards. */
    public long metadataBodySize() {
        int n = view.nShards();
        return 10 + dev.walrusstream.codec.bcs.BcsWriter.uleb128Length(n) + 66L * n;
    }
}
