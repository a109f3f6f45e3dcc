package dev.walrusstream.chain.internal;

import dev.walrusstream.chain.Address;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ObjectId;
import dev.walrusstream.chain.StorageResource;

import java.util.List;
import java.util.Map;

/**
 * What one LocalChain transaction changed, as written to the journal: the new epoch, balance
 * deltas, objects created or changed (with their owners), objects removed and the events emitted.
 * Replaying effects in order rebuilds the ledger exactly.
 */
public record TxEffects(long seq, String digest, String kind, Address sender, int epoch, Map<Address, Long> balanceDeltas,
                        List<OwnedStorage> storagePut, List<OwnedBlob> blobsPut, List<ObjectId> removed,
                        List<ChainEvent> events) {

    public TxEffects {
        balanceDeltas = Map.copyOf(balanceDeltas);
        storagePut = List.copyOf(storagePut);
        blobsPut = List.copyOf(blobsPut);
        removed = List.copyOf(removed);
        events = List.copyOf(events);
    }

    public record OwnedStorage(Address owner, StorageResource storage) {
    }

    public record OwnedBlob(Address owner, BlobObject blob) {
    }
}
