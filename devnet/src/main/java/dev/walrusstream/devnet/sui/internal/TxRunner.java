package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.devnet.sui.Refusal;
import com.google.protobuf.ByteString;
import dev.walrusstream.devnet.ledger.LocalLedger;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.ChangedObject;
import dev.walrusstream.sui.rpc.proto.Event;
import dev.walrusstream.sui.rpc.proto.ExecutedTransaction;
import dev.walrusstream.sui.rpc.proto.ExecutionError;
import dev.walrusstream.sui.rpc.proto.ExecutionStatus;
import dev.walrusstream.sui.rpc.proto.GasCostSummary;
import dev.walrusstream.sui.rpc.proto.TransactionEffects;
import dev.walrusstream.sui.rpc.proto.TransactionEvents;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.walrus.WalrusEvents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns transactions into journal entries: user transactions (decode, validate, execute, effects)
 * and the ledger's own system transactions (epoch changes, faucet coins). Nothing is committed
 * here; {@code LocalSui} journals and applies the entries.
 */
public final class TxRunner {
    /** A run: the entry to journal, whether it succeeded, the LocalChain transaction to commit with it. */
    public record Result(TxJournal.Entry entry, boolean success, Supplier<?> ledgerCommit, SuiAddress sender) {
    }

    private final ObjectStore store;
    private final LocalLedger ledger;
    private final LocalSuiIds ids;
    private final TxValidator validator;
    private final Set<ObjectId> derived;

    public TxRunner(ObjectStore store, LocalLedger ledger, LocalSuiIds ids, long referenceGasPrice, Set<ObjectId> derived) {
        this.store = store;
        this.ledger = ledger;
        this.ids = ids;
        this.validator = new TxValidator(store, ids, referenceGasPrice);
        this.derived = derived;
    }

    /** Validates and executes; {@code signatures} null for a simulation. */
    public Result run(byte[] txBcs, List<byte[]> signatures, long nowMillis) throws Refusal {
        TransactionData tx;
        try {
            tx = TransactionData.fromBcs(txBcs);
        } catch (RuntimeException e) {
            throw new Refusal("cannot deserialize TransactionData: " + e.getMessage());
        }
        SuiDigest digest = TransactionData.digestOf(txBcs);
        validator.validate(tx, txBcs, signatures);
        Execution x = new Execution(store, ledger, ids, tx, digest);
        ExecutionError error = null;
        try {
            new PtbRunner(x).run();
        } catch (Failure f) {
            error = f.error();
        }
        EffectsBuilder.Outcome o = new EffectsBuilder(x, nowMillis, derived).build(error, signatures, txBcs);
        return new Result(new TxJournal.Entry(o.executed(), nowMillis, o.writes(), o.deleted()), o.success(),
                o.success() ? x.ledgerCommit : null, tx.sender());
    }

    /**
     * Walrus moves to {@code nextEpoch}: System, Staking and their inner state change; EpochChangeStart,
     * and EpochChangeDone too when {@code doneAtOnce} (no member gained a shard).
     */
    public TxJournal.Entry epochChange(int nextEpoch, boolean doneAtOnce, long ledgerSeq, long nowMillis) {
        List<Event> events = new ArrayList<>();
        events.add(event(WalrusEvents.EPOCH_CHANGE_START, WalrusEvents.encodeEpochOnly(nextEpoch)));
        if (doneAtOnce) {
            events.add(event(WalrusEvents.EPOCH_CHANGE_DONE, WalrusEvents.encodeEpochOnly(nextEpoch)));
        }
        return systemChange("epoch change " + nextEpoch + " after " + ledgerSeq, events, List.of(), nowMillis);
    }

    /** A member reported its sync of {@code epoch} ({@code epoch_sync_done}); EpochChangeDone when it was the last. */
    public TxJournal.Entry epochSyncDone(ObjectId nodeId, int epoch, boolean last, long ledgerSeq, long nowMillis) {
        List<Event> events = last ? List.of(event(WalrusEvents.EPOCH_CHANGE_DONE, WalrusEvents.encodeEpochOnly(epoch)))
                : List.of();
        return systemChange("epoch sync done " + nodeId + " " + epoch + " after " + ledgerSeq, events, List.of(),
                nowMillis);
    }

    /**
     * A staking change (node registered, stake set or moved): the Staking inner state changes, and
     * {@code created} objects (a new node's StakingPool) appear.
     */
    public TxJournal.Entry stakingChange(String what, List<StoredObjectDraft> created, long ledgerSeq, long nowMillis) {
        return systemChange(what + " after " + ledgerSeq, List.of(), created, nowMillis);
    }

    /** An object a system transaction creates: its ID, owner, type and contents. */
    public record StoredObjectDraft(ObjectId id, Owner owner, String type, byte[] contents) {
    }

    private TxJournal.Entry systemChange(String what, List<Event> events, List<StoredObjectDraft> created,
                                         long nowMillis) {
        SuiDigest digest = systemDigest(what);
        List<ObjectId> touched = List.of(ids.systemObject(), ids.systemInnerField(), ids.stakingObject(),
                ids.stakingInnerField());
        long lamport = 0;
        for (ObjectId id : touched) {
            lamport = Math.max(lamport, store.get(id).version());
        }
        lamport++;
        List<StoredObject> writes = new ArrayList<>();
        TransactionEffects.Builder effects = effects(digest, lamport);
        for (ObjectId id : touched) {
            StoredObject o = store.get(id);
            StoredObject n = derived.contains(id)
                    ? new StoredObject(id, lamport, StoredObject.digestOf(id, lamport, o.owner(), o.type(), new byte[0]),
                            o.owner(), o.type(), o.contents(), o.storageCost(), digest)
                    : StoredObject.of(id, lamport, o.owner(), o.type(), o.contents(), o.storageCost(), digest);
            writes.add(n);
            effects.addChangedObjects(EffectsBuilder.changed(id, o, n, ChangedObject.IdOperation.NONE));
        }
        for (StoredObjectDraft d : created) {
            StoredObject n = StoredObject.of(d.id(), lamport, d.owner(), d.type(), d.contents(),
                    GasSchedule.storageCost(d.contents().length), digest);
            writes.add(n);
            effects.addChangedObjects(EffectsBuilder.changed(d.id(), null, n, ChangedObject.IdOperation.CREATED));
        }
        return new TxJournal.Entry(executed(digest, effects, events, nowMillis), nowMillis, writes, List.of());
    }

    /** The faucet: a new coin of {@code coinType} (canonical) for {@code owner}. */
    public TxJournal.Entry mint(SuiAddress owner, long amount, String coinType, long ledgerSeq, long nowMillis) {
        return plant(null, new Owner.AddressOwner(owner), StoredObject.COIN_PREFIX + coinType + ">",
                id -> StoredObject.coinContents(id, amount), "faucet " + coinType + " " + owner + " " + amount,
                ledgerSeq, nowMillis);
    }

    /**
     * A development transaction that creates one object of any type: at {@code id}, or at an ID derived from the
     * transaction when null; {@code contents} gets the object's ID.
     */
    public TxJournal.Entry plant(ObjectId id, Owner owner, String type, Function<ObjectId, byte[]> contents, String what,
                                 long ledgerSeq, long nowMillis) {
        SuiDigest digest = systemDigest(what + " after " + ledgerSeq);
        ObjectId objectId = id != null ? id : ObjectId.of(new Blake2b256().update(digest.bytes()).update(new byte[8]).finish());
        if (store.get(objectId) != null) {
            throw new IllegalArgumentException("object " + objectId + " already exists on this local Sui ledger");
        }
        byte[] bytes = contents.apply(objectId);
        StoredObject o = StoredObject.of(objectId, 1, owner, type, bytes, GasSchedule.storageCost(bytes.length), digest);
        TransactionEffects.Builder effects = effects(digest, 1)
                .addChangedObjects(EffectsBuilder.changed(objectId, null, o, ChangedObject.IdOperation.CREATED));
        return new TxJournal.Entry(executed(digest, effects, List.of(), nowMillis), nowMillis, List.of(o), List.of());
    }

    /** Walrus's prices changed (a development control): System and its inner state are rewritten. */
    public TxJournal.Entry priceChange(long storagePerUnit, long writePerUnit, long ledgerSeq, long nowMillis) {
        return systemChange("set prices " + storagePerUnit + " " + writePerUnit + " after " + ledgerSeq, List.of(),
                List.of(), nowMillis);
    }

    private SuiDigest systemDigest(String what) {
        return SuiDigest.of(new Blake2b256().update(("walrus-stream local sui system transaction\0" + ids.chainId()
                + "\0" + what).getBytes(StandardCharsets.UTF_8)).finish());
    }

    private static TransactionEffects.Builder effects(SuiDigest digest, long lamport) {
        return TransactionEffects.newBuilder().setTransactionDigest(digest.toString()).setVersion(2)
                .setEpoch(LocalSuiConstants.SUI_EPOCH).setLamportVersion(lamport)
                .setStatus(ExecutionStatus.newBuilder().setSuccess(true))
                .setGasUsed(GasCostSummary.newBuilder().setComputationCost(0).setStorageCost(0).setStorageRebate(0)
                        .setNonRefundableStorageFee(0));
    }

    private Event event(String name, byte[] bcs) {
        return Event.newBuilder().setPackageId(ids.currentPackage().toString()).setModule("staking")
                .setSender(LocalSuiConstants.SYSTEM_SENDER).setEventType(ids.walrusType(WalrusEvents.MODULE, name))
                .setContents(Bcs.newBuilder().setName(name).setValue(ByteString.copyFrom(bcs))).build();
    }

    private static ExecutedTransaction executed(SuiDigest digest, TransactionEffects.Builder effects, List<Event> events,
                                                long nowMillis) {
        return ExecutedTransaction.newBuilder().setDigest(digest.toString()).setEffects(effects)
                .setEvents(TransactionEvents.newBuilder().addAllEvents(events))
                .setTimestamp(Protos.timestamp(nowMillis)).build();
    }
}
