package dev.walrusstream.devnet.sui.internal;

import com.google.protobuf.ByteString;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.ChangedObject;
import dev.walrusstream.sui.rpc.proto.ExecutedTransaction;
import dev.walrusstream.sui.rpc.proto.ExecutionError;
import dev.walrusstream.sui.rpc.proto.ExecutionStatus;
import dev.walrusstream.sui.rpc.proto.GasCostSummary;
import dev.walrusstream.sui.rpc.proto.SignatureScheme;
import dev.walrusstream.sui.rpc.proto.Transaction;
import dev.walrusstream.sui.rpc.proto.TransactionEffects;
import dev.walrusstream.sui.rpc.proto.TransactionEvents;
import dev.walrusstream.sui.rpc.proto.UserSignature;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.SharedMutability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link Execution} into Sui effects: every mutable input (owned objects, gas coins,
 * shared objects taken mutably) and every new object gets the lamport version (one more than the
 * largest input version), gas is charged to the first gas coin (others are merged into it), and a
 * failure keeps only the gas charge and the version bumps, as on Sui. A transaction whose net gas
 * exceeds its budget fails with INSUFFICIENT_GAS.
 */
final class EffectsBuilder {
    /** The effects as objects to store and the executed transaction to answer with (no checkpoint yet). */
    record Outcome(ExecutedTransaction executed, List<StoredObject> writes, List<ObjectId> deleted, boolean success) {
    }

    private record Final(Owner owner, String type, byte[] contents, boolean created) {
    }

    private final Execution x;
    private final long timestampMillis;
    private final Set<ObjectId> derived;

    EffectsBuilder(Execution x, long timestampMillis, Set<ObjectId> derived) {
        this.x = x;
        this.timestampMillis = timestampMillis;
        this.derived = derived;
    }

    Outcome build(ExecutionError error, List<byte[]> signatures, byte[] txBcs) {
        Map<ObjectId, StoredObject> mutable = new LinkedHashMap<>();
        long maxVersion = 0;
        for (ObjectRef r : x.tx.gasData().payment()) {
            mutable.put(r.objectId(), x.store.get(r.objectId()));
        }
        for (CallArg in : x.tx.kind().inputs()) {
            ObjectId id = in instanceof CallArg.ImmOrOwnedObject o ? o.ref().objectId()
                    : in instanceof CallArg.SharedObject s ? s.objectId() : null;
            if (id == null) {
                continue;
            }
            StoredObject o = x.store.get(id);
            maxVersion = Math.max(maxVersion, o.version());
            if (!(in instanceof CallArg.SharedObject s) || s.mutability() != SharedMutability.IMMUTABLE) {
                mutable.put(id, o);
            }
        }
        for (ObjectId id : x.children) {
            StoredObject o = x.store.get(id);
            if (o != null) {
                mutable.putIfAbsent(id, o);
            }
        }
        for (StoredObject o : mutable.values()) {
            maxVersion = Math.max(maxVersion, o.version());
        }
        long lamport = maxVersion + 1;

        boolean success = error == null;
        Map<ObjectId, Final> finals = new LinkedHashMap<>();
        Set<ObjectId> deleted = new LinkedHashSet<>();
        collect(success, mutable, finals, deleted);
        long price = x.tx.gasData().price();
        long budget = x.tx.gasData().budget();
        long computation = (GasSchedule.BASE_COMPUTATION_UNITS + x.extraComputationUnits) * price;
        Charge charge = charge(mutable, finals, deleted, computation);
        if (success && (charge.net > budget || charge.net > charge.gasBalance)) {
            success = false;
            error = ExecutionError.newBuilder().setKind(ExecutionError.ExecutionErrorKind.INSUFFICIENT_GAS)
                    .setDescription("InsufficientGas: the transaction needs " + charge.net + " MIST of gas, the budget is "
                            + budget + " and the gas coins hold " + charge.gasBalance).build();
            finals.clear();
            deleted.clear();
            collect(false, mutable, finals, deleted);
            charge = charge(mutable, finals, deleted, Math.min(computation, budget));
        }
        long charged = success ? charge.net : Math.max(0, Math.min(Math.min(charge.net, budget), charge.gasBalance));
        ObjectId gasId = x.tx.gasData().payment().get(0).objectId();
        Final gas = finals.get(gasId);
        finals.put(gasId, new Final(gas.owner(), gas.type(), StoredObject.coinContents(gasId, charge.gasBalance - charged),
                false));

        List<StoredObject> writes = new ArrayList<>();
        TransactionEffects.Builder effects = TransactionEffects.newBuilder().setTransactionDigest(x.digest.toString())
                .setVersion(2).setEpoch(LocalSuiConstants.SUI_EPOCH).setLamportVersion(lamport)
                .setStatus(success ? ExecutionStatus.newBuilder().setSuccess(true)
                        : ExecutionStatus.newBuilder().setSuccess(false).setError(error))
                .setGasUsed(GasCostSummary.newBuilder().setComputationCost(success ? computation
                                : Math.min(computation, budget)).setStorageCost(charge.storage)
                        .setStorageRebate(charge.rebate).setNonRefundableStorageFee(charge.nonRefundable));
        for (Map.Entry<ObjectId, Final> e : finals.entrySet()) {
            ObjectId id = e.getKey();
            Final f = e.getValue();
            StoredObject before = x.store.get(id);
            StoredObject after = derived.contains(id)
                    ? new StoredObject(id, lamport, StoredObject.digestOf(id, lamport, f.owner(), f.type(), new byte[0]),
                            f.owner(), f.type(), f.contents(), GasSchedule.storageCost(f.contents().length), x.digest)
                    : StoredObject.of(id, lamport, f.owner(), f.type(), f.contents(),
                            GasSchedule.storageCost(f.contents().length), x.digest);
            writes.add(after);
            ChangedObject c = changed(id, before, after, f.created() ? ChangedObject.IdOperation.CREATED
                    : ChangedObject.IdOperation.NONE);
            effects.addChangedObjects(c);
            if (id.equals(gasId)) {
                effects.setGasObject(c);
            }
        }
        for (ObjectId id : deleted) {
            effects.addChangedObjects(changed(id, x.store.get(id), null, ChangedObject.IdOperation.DELETED));
        }
        ExecutedTransaction.Builder t = ExecutedTransaction.newBuilder().setDigest(x.digest.toString())
                .setEffects(effects).setTimestamp(Protos.timestamp(timestampMillis))
                .setEvents(TransactionEvents.newBuilder().addAllEvents(success ? x.events : List.of()));
        if (txBcs != null) {
            t.setTransaction(Transaction.newBuilder().setDigest(x.digest.toString())
                    .setBcs(Bcs.newBuilder().setName("TransactionData").setValue(ByteString.copyFrom(txBcs))));
        }
        if (signatures != null) {
            for (byte[] s : signatures) {
                t.addSignatures(UserSignature.newBuilder().setScheme(SignatureScheme.ED25519)
                        .setBcs(Bcs.newBuilder().setName("UserSignature").setValue(ByteString.copyFrom(s))));
            }
        }
        return new Outcome(t.build(), writes, List.copyOf(deleted), success);
    }

    private void collect(boolean success, Map<ObjectId, StoredObject> mutable, Map<ObjectId, Final> finals,
                         Set<ObjectId> deleted) {
        for (Map.Entry<ObjectId, StoredObject> e : mutable.entrySet()) {
            ObjectId id = e.getKey();
            StoredObject o = e.getValue();
            if (success && x.deleted.contains(id)) {
                deleted.add(id);
                continue;
            }
            Execution.Working w = success ? x.objects.get(id) : null;
            finals.put(id, w == null ? new Final(o.owner(), o.type(), o.contents(), false)
                    : new Final(w.owner, w.type, w.contents, false));
        }
        if (success) {
            for (Execution.Working w : x.objects.values()) {
                if (w.created) {
                    finals.put(w.id, new Final(w.owner, w.type, w.contents, true));
                }
            }
            if (x.walrusStateChanged) {
                StoredObject inner = x.store.get(x.ids.systemInnerField());
                finals.put(inner.id(), new Final(inner.owner(), inner.type(), inner.contents(), false));
            }
        }
        // further gas coins are merged into the first
        List<ObjectRef> payment = x.tx.gasData().payment();
        for (int i = 1; i < payment.size(); i++) {
            finals.remove(payment.get(i).objectId());
            deleted.add(payment.get(i).objectId());
        }
    }

    private record Charge(long storage, long rebate, long nonRefundable, long net, long gasBalance) {
    }

    private Charge charge(Map<ObjectId, StoredObject> mutable, Map<ObjectId, Final> finals, Set<ObjectId> deleted,
                          long computation) {
        long storage = 0;
        for (Final f : finals.values()) {
            storage += GasSchedule.storageCost(f.contents().length);
        }
        long previous = 0;
        Set<ObjectId> touched = new LinkedHashSet<>(mutable.keySet());
        touched.addAll(deleted);
        if (finals.containsKey(x.ids.systemInnerField())) {
            touched.add(x.ids.systemInnerField());
        }
        long rebate = 0;
        for (ObjectId id : touched) {
            StoredObject o = x.store.get(id);
            if (o != null) {
                previous += o.storageCost();
                rebate += GasSchedule.rebate(o.storageCost());
            }
        }
        List<ObjectRef> payment = x.tx.gasData().payment();
        long gasBalance = StoredObjectView.balance(finals.get(payment.get(0).objectId()).contents());
        for (int i = 1; i < payment.size(); i++) {
            gasBalance += x.store.get(payment.get(i).objectId()).balance();
        }
        return new Charge(storage, rebate, previous - rebate, computation + storage - rebate, gasBalance);
    }

    static ChangedObject changed(ObjectId id, StoredObject before, StoredObject after,
                                         ChangedObject.IdOperation op) {
        ChangedObject.Builder c = ChangedObject.newBuilder().setObjectId(id.toString()).setIdOperation(op)
                .setObjectType(after != null ? after.type() : before.type());
        if (before != null && op != ChangedObject.IdOperation.CREATED) {
            c.setInputState(ChangedObject.InputObjectState.INPUT_OBJECT_STATE_EXISTS).setInputVersion(before.version())
                    .setInputDigest(before.digest().toString()).setInputOwner(Protos.owner(before.owner()));
        } else {
            c.setInputState(ChangedObject.InputObjectState.INPUT_OBJECT_STATE_DOES_NOT_EXIST);
        }
        if (after != null) {
            c.setOutputState(ChangedObject.OutputObjectState.OUTPUT_OBJECT_STATE_OBJECT_WRITE)
                    .setOutputVersion(after.version()).setOutputDigest(after.digest().toString())
                    .setOutputOwner(Protos.owner(after.owner()));
        } else {
            c.setOutputState(ChangedObject.OutputObjectState.OUTPUT_OBJECT_STATE_DOES_NOT_EXIST);
        }
        return c.build();
    }
}
