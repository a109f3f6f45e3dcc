package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.devnet.sui.LocalSuiIds;

/**
 * Walrus's {@code storage_node::StorageNodeCap} (the capability {@code register_candidate} hands the node's
 * operator) and Sui's {@code 0x2::clock::Clock} as this ledger lays them out. The cap's BCS is the contract's:
 * {@code id, node_id, last_epoch_sync_done: u32, last_event_blob_attestation: Option<..> (None),
 * deny_list_root: u256, deny_list_sequence: u64, deny_list_size: u64}.
 */
public final class NodeCaps {
    /** {@code 0x6}: Sui's shared Clock. */
    public static final ObjectId CLOCK = ObjectId.parse("0x6");
    public static final String CLOCK_TYPE = "0x0000000000000000000000000000000000000000000000000000000000000002"
            + "::clock::Clock";

    /** What a cap says: which node, and the last epoch whose sync it reported. */
    public record Cap(ObjectId capId, ObjectId nodeId, long lastEpochSyncDone) {
    }

    private NodeCaps() {
    }

    public static String capType(LocalSuiIds ids) {
        return ids.walrusType("storage_node", "StorageNodeCap");
    }

    /** The cap of node {@code nodeId} on this ledger (one per registered node, created at registration). */
    public static ObjectId capId(LocalSuiIds ids, ObjectId nodeId) {
        return LocalSuiIds.derive(ids.chainId(), "storage node cap " + nodeId);
    }

    public static byte[] contents(ObjectId capId, ObjectId nodeId, long lastEpochSyncDone) {
        return new BcsWriter(128).fixedBytes(capId.bytes()).fixedBytes(nodeId.bytes()).u32(lastEpochSyncDone).u8(0)
                .fixedBytes(new byte[32]).u64(0).u64(0).toByteArray();
    }

    public static Cap read(byte[] contents) {
        BcsReader r = new BcsReader(contents);
        ObjectId cap = ObjectId.of(r.fixedBytes(32));
        ObjectId node = ObjectId.of(r.fixedBytes(32));
        long last = r.u32();
        return new Cap(cap, node, last);
    }

    /** {@code Clock { id, timestamp_ms }}. */
    public static byte[] clock(long timestampMillis) {
        return new BcsWriter(40).fixedBytes(CLOCK.bytes()).u64(timestampMillis).toByteArray();
    }
}
