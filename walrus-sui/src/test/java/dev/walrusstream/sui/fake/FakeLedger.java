package dev.walrusstream.sui.fake;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.sui.DynamicFieldId;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.keys.Intent;
import dev.walrusstream.sui.keys.SuiSignature;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.ChangedObject;
import dev.walrusstream.sui.rpc.proto.Checkpoint;
import dev.walrusstream.sui.rpc.proto.CheckpointSummary;
import dev.walrusstream.sui.rpc.proto.ExecutedTransaction;
import dev.walrusstream.sui.rpc.proto.ExecutionError;
import dev.walrusstream.sui.rpc.proto.ExecutionStatus;
import dev.walrusstream.sui.rpc.proto.GasCostSummary;
import dev.walrusstream.sui.rpc.proto.Owner;
import dev.walrusstream.sui.rpc.proto.TransactionEffects;
import dev.walrusstream.sui.rpc.proto.TransactionEvents;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TypeTag;
import io.grpc.Status;
import io.grpc.StatusException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state behind the in-test Sui gRPC server: objects with versions, owners and balances,
 * executed transactions, and checkpoints sealed on demand. Before executing it refuses what a
 * Sui validator refuses (bad signature, stale or foreign object versions, wrong shared version,
 * gas price below reference, gas balance below budget); execution charges gas and applies
 * {@link FakeExecution}.
 */
public final class FakeLedger {
    public static final long REFERENCE_GAS_PRICE = 1000;
    public static final long STORAGE_COST_PER_WRITE = 988_000;
    public static final long REBATE_PER_INPUT = 978_120;
    public static final String SUI = "0x0000000000000000000000000000000000000000000000000000000000000002::sui::SUI";

    public final FakeWalrusState walrus = new FakeWalrusState();
    private final Map<ObjectId, StoredObject> objects = new LinkedHashMap<>();
    private final Map<SuiDigest, ExecutedTransaction> transactions = new HashMap<>();
    private final List<SuiDigest> unsealed = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final List<Consumer<Checkpoint>> subscribers = new CopyOnWriteArrayList<>();
    private long counter = 1;

    public FakeLedger() {
        checkpoints.add(seal(List.of())); // genesis checkpoint 0
    }

    // ---- setup ------------------------------------------------------------------------------

    public synchronized ObjectRef addCoin(SuiAddress owner, String coinType, long balance) {
        ObjectId id = ObjectId.of(Blake2b256.hash(new BcsWriter().u64(counter++).toByteArray()));
        StoredObject o = new StoredObject(id, 1, digestOf(id, 1), owner, 0,
                "0x0000000000000000000000000000000000000000000000000000000000000002::coin::Coin<"
                        + TypeTag.parse(coinType).toCanonicalString() + ">", balance, new byte[0]);
        objects.put(id, o);
        return o.ref();
    }

    /** Adds an arbitrary owned object (e.g. with large contents). */
    public synchronized ObjectRef addObject(SuiAddress owner, String type, byte[] contents) {
        ObjectId id = ObjectId.of(Blake2b256.hash(new BcsWriter().u64(counter++).toByteArray()));
        StoredObject o = new StoredObject(id, 1, digestOf(id, 1), owner, 0, type, 0, contents);
        objects.put(id, o);
        return o.ref();
    }

    public synchronized void installWalrus() {
        ObjectId system = FakeWalrusState.SYSTEM;
        objects.put(system, new StoredObject(system, FakeWalrusState.SYSTEM_ISV + 5, digestOf(system, 9), null,
                FakeWalrusState.SYSTEM_ISV, FakeWalrusState.PACKAGE + "::system::System", 0, walrus.systemContents()));
        ObjectId field = DynamicFieldId.ofU64(system, FakeWalrusState.SYSTEM_VERSION);
        objects.put(field, new StoredObject(field, 10, digestOf(field, 10), null, 0,
                "0x2::dynamic_field::Field<u64, " + FakeWalrusState.PACKAGE + "::system_state_inner::SystemStateInnerV1>",
                0, walrus.innerFieldContents(field)));
    }

    /** Rewrites the Walrus inner state after {@link #walrus} parameters changed. */
    public synchronized void refreshWalrusInner() {
        ObjectId field = DynamicFieldId.ofU64(FakeWalrusState.SYSTEM, FakeWalrusState.SYSTEM_VERSION);
        objects.put(field, objects.get(field).withContents(walrus.innerFieldContents(field)));
    }

    public synchronized StoredObject object(ObjectId id) {
        return objects.get(id);
    }

    public synchronized long balance(ObjectId coin) {
        return objects.get(coin).balance();
    }

    /** Objects of {@code owner} whose type is {@code type} or, when type has no parameters, any instance. */
    public synchronized List<StoredObject> owned(SuiAddress owner, Optional<String> type) {
        String wanted = type.map(t -> TypeTag.parse(t).toCanonicalString()).orElse(null);
        List<StoredObject> out = new ArrayList<>();
        for (StoredObject o : objects.values()) {
            if (owner.equals(o.owner()) && (wanted == null || o.type().equals(wanted)
                    || !wanted.contains("<") && o.type().startsWith(wanted + "<"))) {
                out.add(o);
            }
        }
        return out;
    }

    // ---- transactions -----------------------------------------------------------------------

    public synchronized ExecutedTransaction execute(byte[] bcs, List<byte[]> signatures) throws StatusException {
        TransactionData tx = decode(bcs);
        SuiDigest digest = TransactionData.digestOf(bcs);
        ExecutedTransaction done = transactions.get(digest);
        if (done != null) {
            return done; // re-submission of an executed transaction returns its effects
        }
        if (signatures.size() != 1) {
            throw refuse("expected 1 signature, got " + signatures.size());
        }
        SuiSignature sig;
        try {
            sig = SuiSignature.fromBytes(signatures.get(0));
        } catch (IllegalArgumentException e) {
            throw refuse("invalid signature: " + e.getMessage());
        }
        if (!sig.signerAddress().equals(tx.sender()) || !sig.verify(Intent.TRANSACTION_DATA, bcs)) {
            throw refuse("signature is not valid for sender " + tx.sender());
        }
        ExecutedTransaction executed = run(tx, digest, true);
        transactions.put(digest, executed);
        unsealed.add(digest);
        return executed;
    }

    public synchronized ExecutedTransaction simulate(byte[] bcs) throws StatusException {
        TransactionData tx = decode(bcs);
        return run(tx, TransactionData.digestOf(bcs), false);
    }

    public synchronized Optional<ExecutedTransaction> transaction(SuiDigest digest) {
        return Optional.ofNullable(transactions.get(digest));
    }

    // ---- checkpoints ------------------------------------------------------------------------

    /** Seals the executed, not yet checkpointed transactions into a new checkpoint and streams it. */
    public Checkpoint sealCheckpoint() {
        Checkpoint cp;
        synchronized (this) {
            List<ExecutedTransaction> txs = new ArrayList<>();
            for (SuiDigest d : unsealed) {
                txs.add(transactions.get(d));
            }
            cp = seal(txs);
            for (ExecutedTransaction t : cp.getTransactionsList()) {
                transactions.put(SuiDigest.parse(t.getDigest()), t);
            }
            unsealed.clear();
            checkpoints.add(cp);
        }
        subscribers.forEach(s -> s.accept(cp));
        return cp;
    }

    public synchronized boolean hasUnsealed() {
        return !unsealed.isEmpty();
    }

    public synchronized Optional<Checkpoint> checkpoint(long sequence) {
        return sequence < checkpoints.size() ? Optional.of(checkpoints.get((int) sequence)) : Optional.empty();
    }

    public synchronized Checkpoint latestCheckpoint() {
        return checkpoints.get(checkpoints.size() - 1);
    }

    public void subscribe(Consumer<Checkpoint> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<Checkpoint> subscriber) {
        subscribers.remove(subscriber);
    }

    // ---- machinery --------------------------------------------------------------------------

    private Checkpoint seal(List<ExecutedTransaction> txs) {
        long seq = checkpoints.size();
        long now = System.currentTimeMillis();
        Timestamp ts = Timestamp.newBuilder().setSeconds(now / 1000).setNanos((int) (now % 1000) * 1_000_000).build();
        List<ExecutedTransaction> sealed = new ArrayList<>();
        for (ExecutedTransaction t : txs) {
            sealed.add(t.toBuilder().setCheckpoint(seq).setTimestamp(ts).build());
        }
        return Checkpoint.newBuilder().setSequenceNumber(seq).setDigest(digestOf(ObjectId.parse("0xc0"), seq).toString())
                .setSummary(CheckpointSummary.newBuilder().setSequenceNumber(seq).setEpoch(1).setTimestamp(ts))
                .addAllTransactions(sealed).build();
    }

    private static TransactionData decode(byte[] bcs) throws StatusException {
        try {
            return TransactionData.fromBcs(bcs);
        } catch (IllegalArgumentException e) {
            throw refuse("cannot deserialize TransactionData: " + e.getMessage());
        }
    }

    private static StatusException refuse(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asException();
    }

    private ExecutedTransaction run(TransactionData tx, SuiDigest digest, boolean commit) throws StatusException {
        check(tx);
        long price = tx.gasData().price();
        List<StoredObject> gasCoins = new ArrayList<>();
        for (ObjectRef r : tx.gasData().payment()) {
            gasCoins.add(objects.get(r.objectId()));
        }
        FakeExecution exec = new FakeExecution(objects, tx, digest, walrus);
        ExecutionError error = null;
        try {
            exec.run();
        } catch (FakeExecution.Failure f) {
            error = f.error;
        }
        // Gas: computation 1000 units; storage for every written object; rebate for every owned input.
        // Like Sui, the net charge (computation + storage - rebate) must fit the budget.
        Map<ObjectId, StoredObject> inputs = inputObjects(tx);
        int writes = error == null ? exec.writes.size() + inputs.size() : inputs.size();
        long computation = 1000 * price;
        long storage = STORAGE_COST_PER_WRITE * writes;
        long rebate = REBATE_PER_INPUT * inputs.size();
        long net = computation + storage - rebate;
        long gasBalance = gasCoins.stream().mapToLong(StoredObject::balance).sum();
        if (error == null && (net > tx.gasData().budget() || net > gasBalance)) {
            error = ExecutionError.newBuilder().setKind(ExecutionError.ExecutionErrorKind.INSUFFICIENT_GAS)
                    .setDescription("InsufficientGas").build();
        }
        if (error != null) {
            exec.writes.clear();
            exec.deleted.clear();
            exec.created.clear();
            exec.events.clear();
            computation = Math.min(computation, tx.gasData().budget());
            storage = STORAGE_COST_PER_WRITE * inputs.size();
            net = Math.min(computation + storage - rebate, gasBalance);
        }
        // Apply: gas coins merge into the first, every input and written object gets the lamport version.
        long lamport = 1;
        for (StoredObject o : inputs.values()) {
            lamport = Math.max(lamport, o.version() + 1);
        }
        Map<ObjectId, StoredObject> out = new LinkedHashMap<>();
        for (StoredObject o : inputs.values()) {
            out.put(o.id(), exec.writes.getOrDefault(o.id(), o));
        }
        out.putAll(exec.writes);
        StoredObject gas = out.get(gasCoins.get(0).id());
        long merged = gas.balance();
        for (int i = 1; i < gasCoins.size(); i++) {
            merged += out.get(gasCoins.get(i).id()).balance();
            exec.deleted.add(gasCoins.get(i).id());
        }
        out.put(gas.id(), gas.withBalance(merged - net));
        TransactionEffects.Builder effects = TransactionEffects.newBuilder().setTransactionDigest(digest.toString())
                .setLamportVersion(lamport).setEpoch(1)
                .setGasUsed(GasCostSummary.newBuilder().setComputationCost(computation).setStorageCost(storage)
                        .setStorageRebate(rebate))
                .setStatus(error == null ? ExecutionStatus.newBuilder().setSuccess(true)
                        : ExecutionStatus.newBuilder().setSuccess(false).setError(error));
        for (Map.Entry<ObjectId, StoredObject> e : out.entrySet()) {
            ObjectId id = e.getKey();
            StoredObject before = objects.get(id);
            boolean gone = exec.deleted.contains(id);
            StoredObject after = e.getValue().at(lamport, digestOf(id, lamport));
            ChangedObject.Builder c = ChangedObject.newBuilder().setObjectId(id.toString()).setObjectType(after.type())
                    .setIdOperation(exec.created.contains(id) ? ChangedObject.IdOperation.CREATED
                            : gone ? ChangedObject.IdOperation.DELETED : ChangedObject.IdOperation.NONE);
            if (before != null) {
                c.setInputState(ChangedObject.InputObjectState.INPUT_OBJECT_STATE_EXISTS).setInputVersion(before.version())
                        .setInputDigest(before.digest().toString());
            } else {
                c.setInputState(ChangedObject.InputObjectState.INPUT_OBJECT_STATE_DOES_NOT_EXIST);
            }
            if (gone) {
                c.setOutputState(ChangedObject.OutputObjectState.OUTPUT_OBJECT_STATE_DOES_NOT_EXIST);
                if (commit) {
                    objects.remove(id);
                }
            } else {
                c.setOutputState(ChangedObject.OutputObjectState.OUTPUT_OBJECT_STATE_OBJECT_WRITE)
                        .setOutputVersion(lamport).setOutputDigest(after.digest().toString()).setOutputOwner(owner(after));
                if (commit) {
                    objects.put(id, after);
                }
            }
            effects.addChangedObjects(c);
        }
        for (ObjectId id : exec.deleted) {
            if (!out.containsKey(id) && objects.containsKey(id)) {
                StoredObject before = objects.get(id);
                effects.addChangedObjects(ChangedObject.newBuilder().setObjectId(id.toString())
                        .setObjectType(before.type()).setIdOperation(ChangedObject.IdOperation.DELETED)
                        .setInputState(ChangedObject.InputObjectState.INPUT_OBJECT_STATE_EXISTS)
                        .setInputVersion(before.version()).setInputDigest(before.digest().toString())
                        .setOutputState(ChangedObject.OutputObjectState.OUTPUT_OBJECT_STATE_DOES_NOT_EXIST));
                if (commit) {
                    objects.remove(id);
                }
            }
        }
        return ExecutedTransaction.newBuilder().setDigest(digest.toString())
                .setTransaction(dev.walrusstream.sui.rpc.proto.Transaction.newBuilder().setDigest(digest.toString())
                        .setBcs(Bcs.newBuilder().setValue(ByteString.copyFrom(tx.toBcs()))))
                .setEffects(effects).setEvents(TransactionEvents.newBuilder().addAllEvents(exec.events)).build();
    }

    /** What a validator refuses before execution. */
    private void check(TransactionData tx) throws StatusException {
        if (tx.gasData().price() < REFERENCE_GAS_PRICE) {
            throw refuse("gas price " + tx.gasData().price() + " is below the reference gas price " + REFERENCE_GAS_PRICE);
        }
        if (tx.gasData().payment().isEmpty()) {
            throw refuse("no gas payment");
        }
        long gasBalance = 0;
        for (ObjectRef r : tx.gasData().payment()) {
            StoredObject o = checkOwned(r, tx.sender());
            if (!o.type().endsWith("::coin::Coin<" + SUI + ">")) {
                throw refuse("gas object " + r.objectId() + " is not a SUI coin");
            }
            gasBalance += o.balance();
        }
        if (gasBalance < tx.gasData().budget()) {
            throw refuse("gas balance " + gasBalance + " is lower than the budget " + tx.gasData().budget());
        }
        for (CallArg in : tx.kind().inputs()) {
            if (in instanceof CallArg.ImmOrOwnedObject o) {
                checkOwned(o.ref(), tx.sender());
            } else if (in instanceof CallArg.SharedObject s) {
                StoredObject o = objects.get(s.objectId());
                if (o == null || !o.shared()) {
                    throw refuse("object " + s.objectId() + " is not a shared object");
                }
                if (o.initialSharedVersion() != s.initialSharedVersion()) {
                    throw refuse("shared object " + s.objectId() + " has initial shared version "
                            + o.initialSharedVersion() + ", transaction says " + s.initialSharedVersion());
                }
            }
        }
    }

    private StoredObject checkOwned(ObjectRef ref, SuiAddress sender) throws StatusException {
        StoredObject o = objects.get(ref.objectId());
        if (o == null) {
            throw refuse("object " + ref.objectId() + " does not exist");
        }
        if (o.version() != ref.version() || !o.digest().equals(ref.digest())) {
            throw refuse("object " + ref.objectId() + " version " + ref.version()
                    + " is unavailable for consumption, current version: " + o.version());
        }
        if (!sender.equals(o.owner())) {
            throw refuse("object " + ref.objectId() + " is not owned by " + sender);
        }
        return o;
    }

    private Map<ObjectId, StoredObject> inputObjects(TransactionData tx) {
        Map<ObjectId, StoredObject> inputs = new LinkedHashMap<>();
        for (ObjectRef r : tx.gasData().payment()) {
            inputs.put(r.objectId(), objects.get(r.objectId()));
        }
        for (CallArg in : tx.kind().inputs()) {
            if (in instanceof CallArg.ImmOrOwnedObject o) {
                inputs.put(o.ref().objectId(), objects.get(o.ref().objectId()));
            } else if (in instanceof CallArg.SharedObject s && s.mutability() != dev.walrusstream.sui.tx.SharedMutability.IMMUTABLE) {
                inputs.put(s.objectId(), objects.get(s.objectId()));
            }
        }
        return inputs;
    }

    static Owner owner(StoredObject o) {
        if (o.shared()) {
            return Owner.newBuilder().setKind(Owner.OwnerKind.SHARED).setVersion(o.initialSharedVersion()).build();
        }
        if (o.owner() == null) {
            return Owner.newBuilder().setKind(Owner.OwnerKind.OBJECT).setAddress(FakeWalrusState.SYSTEM.toString()).build();
        }
        return Owner.newBuilder().setKind(Owner.OwnerKind.ADDRESS).setAddress(o.owner().toString()).build();
    }

    static SuiDigest digestOf(ObjectId id, long version) {
        return SuiDigest.of(new Blake2b256().update(id.bytes()).update(new BcsWriter().u64(version).toByteArray()).finish());
    }
}
