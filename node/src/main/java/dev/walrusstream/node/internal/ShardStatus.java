package dev.walrusstream.node.internal;

/** Where one of the node's shards stands (Walrus's {@code ShardStatus} as health reports it). */
public enum ShardStatus {
    /** Every sliver of the shard's certified blobs is here. */
    READY("ready"),
    /** Gained at an epoch change; its slivers are being fetched from the previous owner. */
    IN_TRANSFER("inTransfer"),
    /** Gained, and the previous owner could not give everything: rebuilding the rest from peers. */
    IN_RECOVERY("inRecovery");

    public final String label;

    ShardStatus(String label) {
        this.label = label;
    }
}
