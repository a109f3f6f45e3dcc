package dev.walrusstream.node;

import dev.walrusstream.codec.ids.ObjectId;

/**
 * How a storage node tells the chain it holds every shard it gained in an epoch (Walrus's
 * {@code epoch_sync_done}). By default the node's own {@link dev.walrusstream.chain.Chain}; a
 * development network whose nodes follow the chain read-only hands the report to its ledger directly.
 */
@FunctionalInterface
public interface EpochSyncReporter {
    void epochSyncDone(ObjectId nodeId, int epoch);
}
