package dev.walrusstream.devnet.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageResource;

import java.util.List;
import java.util.Map;

/**
 * What one LocalChain transaction changed, as written to the journal: the new epoch, balance
 * deltas, objects created or changed (with their owners), objects removed and the events emitted.
 * Replaying effects in order rebuilds the ledger exactly. {@code attachment} is opaque data a
 * front end (the Sui facade of LocalChain) journals atomically with the transaction; null for
 * plain LocalChain transactions, and then left out of the journal line. {@code staking} is the
 * whole new staking state when the transaction changed it (epoch changes, node registration, stake,
 * sync reports), null otherwise. {@code prices} are the new storage and write prices when the transaction
 * changed them (a development control), null otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxEffects(long seq, String digest, String kind, SuiAddress sender, int epoch, Map<SuiAddress, Long> balanceDeltas,
                        List<OwnedStorage> storagePut, List<OwnedBlob> blobsPut, List<ObjectId> removed,
                        List<ChainEvent> events, JsonNode attachment, StakingState staking,
                        Prices prices) {

    public TxEffects {
        balanceDeltas = Map.copyOf(balanceDeltas);
        storagePut = List.copyOf(storagePut);
        blobsPut = List.copyOf(blobsPut);
        removed = List.copyOf(removed);
        events = List.copyOf(events);
    }

    public TxEffects(long seq, String digest, String kind, SuiAddress sender, int epoch, Map<SuiAddress, Long> balanceDeltas,
                     List<OwnedStorage> storagePut, List<OwnedBlob> blobsPut, List<ObjectId> removed,
                     List<ChainEvent> events) {
        this(seq, digest, kind, sender, epoch, balanceDeltas, storagePut, blobsPut, removed, events, null, null, null);
    }

    public TxEffects(long seq, String digest, String kind, SuiAddress sender, int epoch, Map<SuiAddress, Long> balanceDeltas,
                     List<OwnedStorage> storagePut, List<OwnedBlob> blobsPut, List<ObjectId> removed,
                     List<ChainEvent> events, JsonNode attachment) {
        this(seq, digest, kind, sender, epoch, balanceDeltas, storagePut, blobsPut, removed, events, attachment, null,
                null);
    }

    /** Walrus's prices in FROST per MiB unit: storage per epoch, and the one-off write price. */
    public record Prices(long storagePerUnit, long writePerUnit) {
        public Prices {
            if (storagePerUnit < 0 || writePerUnit < 0) {
                throw new IllegalArgumentException("prices must not be negative, got storage " + storagePerUnit
                        + " and write " + writePerUnit + " FROST per unit");
            }
        }
    }

    public record OwnedStorage(SuiAddress owner, StorageResource storage) {
    }

    public record OwnedBlob(SuiAddress owner, BlobObject blob) {
    }
}
