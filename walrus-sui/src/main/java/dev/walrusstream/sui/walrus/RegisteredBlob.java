package dev.walrusstream.sui.walrus;

import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.rpc.GasCostSummary;

/**
 * A blob registered on Sui: the new {@code Blob} object (its reference is what certify takes),
 * the transaction and checkpoint that registered it, the WAL it cost and the gas.
 */
public record RegisteredBlob(ObjectRef blobObject, SuiDigest transaction, long checkpoint, long walCost,
                             GasCostSummary gas) {
}
