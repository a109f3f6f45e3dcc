package dev.walrusstream.devnet.ledger;

import dev.walrusstream.devnet.ledger.TxEffects;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobRegistrations;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.codec.BlobId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LocalChain's in-memory state, changed only by applying {@link TxEffects} (live or replayed), so
 * the journal rebuilds it exactly. Not thread-safe; the ledger serialises access.
 */
final class LedgerState {
    int epoch;
    long txSeq;
    final Map<SuiAddress, Long> balances = new HashMap<>();
    final Map<ObjectId, TxEffects.OwnedStorage> storage = new LinkedHashMap<>();
    final Map<ObjectId, TxEffects.OwnedBlob> blobs = new LinkedHashMap<>();
    final List<EventRecord> events = new ArrayList<>();
    final Map<BlobId, BlobRegistrations> registrations = new HashMap<>();
    StakingState staking;
    TxEffects.Prices prices;

    LedgerState(int epoch, Map<SuiAddress, Long> accounts, StakingState staking, TxEffects.Prices prices) {
        this.epoch = epoch;
        this.staking = staking;
        this.prices = prices;
        balances.putAll(accounts);
    }

    void apply(TxEffects fx) {
        if (fx.seq() != txSeq + 1) {
            throw new IllegalStateException("LocalChain journal out of order: transaction " + fx.seq()
                    + " after " + txSeq);
        }
        txSeq = fx.seq();
        epoch = fx.epoch();
        if (fx.staking() != null) {
            staking = fx.staking();
        }
        if (fx.prices() != null) {
            prices = fx.prices();
        }
        fx.balanceDeltas().forEach((a, d) -> balances.merge(a, d, Long::sum));
        for (ObjectId id : fx.removed()) {
            storage.remove(id);
            blobs.remove(id);
        }
        fx.storagePut().forEach(s -> storage.put(s.storage().id(), s));
        fx.blobsPut().forEach(b -> blobs.put(b.blob().id(), b));
        long seq = 0;
        for (ChainEvent e : fx.events()) {
            EventId id = new EventId(fx.digest(), seq++);
            EventCursor cursor = new EventCursor(Long.toString(events.size() + 1L));
            events.add(new EventRecord(id, cursor, e));
            BlobId blobId = blobIdOf(e);
            if (blobId != null) {
                registrations.merge(blobId, BlobRegistrations.EMPTY.apply(id, e), (old, x) -> old.apply(id, e));
            }
        }
    }

    static BlobId blobIdOf(ChainEvent e) {
        if (e instanceof ChainEvent.BlobRegistered r) {
            return r.blobId();
        } else if (e instanceof ChainEvent.BlobCertified c) {
            return c.blobId();
        } else if (e instanceof ChainEvent.BlobDeleted d) {
            return d.blobId();
        } else if (e instanceof ChainEvent.InvalidBlobId i) {
            return i.blobId();
        }
        return null;
    }

    long balance(SuiAddress a) {
        return balances.getOrDefault(a, 0L);
    }

    /** Bytes reserved in {@code e}: every storage resource, loose or inside a blob, that covers it. */
    long usedCapacity(int e) {
        long used = 0;
        for (TxEffects.OwnedStorage s : storage.values()) {
            used += covers(s.storage(), e) ? s.storage().storageSize() : 0;
        }
        for (TxEffects.OwnedBlob b : blobs.values()) {
            used += covers(b.blob().storage(), e) ? b.blob().storage().storageSize() : 0;
        }
        return used;
    }

    private static boolean covers(StorageResource s, int e) {
        return s.startEpoch() <= e && e < s.endEpoch();
    }

    List<BlobObject> blobsOf(SuiAddress owner, BlobId blobId) {
        List<BlobObject> out = new ArrayList<>();
        for (TxEffects.OwnedBlob b : blobs.values()) {
            if (b.owner().equals(owner) && b.blob().blobId().equals(blobId)) {
                out.add(b.blob());
            }
        }
        return out;
    }
}
