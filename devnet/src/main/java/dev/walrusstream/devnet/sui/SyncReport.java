package dev.walrusstream.devnet.sui;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;

/**
 * One {@code staking::epoch_sync_done} transaction on a local Sui ledger, as its journal holds it: who signed it,
 * which cap (and so which node) it passed, the epoch it reported, whether it executed successfully, and the
 * checkpoint it is in.
 */
public record SyncReport(SuiDigest digest, SuiAddress sender, ObjectId capId, ObjectId nodeId, long epoch,
                         boolean success, long checkpoint) {
}
