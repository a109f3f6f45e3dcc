package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.devnet.sui.Refusal;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.TransactionProtos;
import dev.walrusstream.sui.rpc.proto.ExecutedTransaction;
import dev.walrusstream.sui.rpc.proto.FunctionDescriptor;
import dev.walrusstream.sui.rpc.proto.GasCostSummary;
import dev.walrusstream.sui.rpc.proto.Input;
import dev.walrusstream.sui.rpc.proto.OpenSignature;
import dev.walrusstream.sui.rpc.proto.Transaction;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.SharedMutability;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a Sui full node does with the unresolved transaction an SDK sends to {@code SimulateTransaction}:
 * object inputs given by ID alone become owned references at their current version or shared inputs at
 * their initial shared version, mutable when any command takes them by {@code &mut} or by value; and, when
 * gas selection is asked, the gas price defaults to the reference price, the payment to the sender's SUI
 * coins (largest first, none that is also an input) and the budget to what a dry run at the largest
 * affordable budget used, plus a safety overhead, as the Sui SDKs estimate it.
 */
public final class TransactionResolver {
    /** Most gas coins a transaction may list (Sui's max_gas_payment_objects). */
    public static final int MAX_GAS_OBJECTS = 256;
    /** Computation units added to a dry run's cost before it becomes the budget (the SDKs' GAS_SAFE_OVERHEAD). */
    public static final long GAS_SAFE_OVERHEAD_UNITS = 1_000;

    /** The ledger's view this resolver reads. */
    public interface Ledger {
        Optional<StoredObject> object(ObjectId id);

        List<StoredObject> owned(SuiAddress owner, Optional<String> type);

        long referenceGasPrice();

        /** A dry run of {@code tx} (checks on, no signature). */
        ExecutedTransaction dryRun(byte[] txBcs) throws Refusal;
    }

    private final Ledger ledger;
    private final MoveFunctions functions;

    public TransactionResolver(Ledger ledger, MoveFunctions functions) {
        this.ledger = ledger;
        this.functions = functions;
    }

    /** A resolved transaction and, when gas selection dry-ran it, that dry run. */
    public record Resolved(TransactionData tx, Optional<ExecutedTransaction> dryRun) {
    }

    public Resolved resolve(Transaction t, boolean doGasSelection) throws Refusal {
        if (t.hasBcs() && !t.getBcs().getValue().isEmpty()) {
            TransactionData tx;
            try {
                tx = TransactionData.fromBcs(t.getBcs().getValue().toByteArray());
            } catch (RuntimeException e) {
                throw new Refusal("cannot deserialize TransactionData: " + e.getMessage());
            }
            return doGasSelection && tx.gasData().payment().isEmpty()
                    ? selectGas(tx, true, true) : new Resolved(tx, Optional.empty());
        }
        if (!t.hasKind() || !t.getKind().hasProgrammableTransaction()) {
            throw new Refusal("transaction.kind: only programmable transactions are supported, got "
                    + (t.hasKind() ? t.getKind().getKind() : "no kind"));
        }
        var p = t.getKind().getProgrammableTransaction();
        String where = "transaction.kind.programmable_transaction";
        List<Command> commands = new ArrayList<>();
        try {
            for (int i = 0; i < p.getCommandsCount(); i++) {
                commands.add(TransactionProtos.command(p.getCommands(i), where + ".commands[" + i + "]"));
            }
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
        List<CallArg> inputs = new ArrayList<>();
        for (int i = 0; i < p.getInputsCount(); i++) {
            inputs.add(input(p.getInputs(i), i, commands, where + ".inputs[" + i + "]"));
        }
        ProgrammableTransaction ptb;
        SuiAddress sender;
        try {
            ptb = new ProgrammableTransaction(inputs, commands);
            sender = SuiAddress.parsePrefixed(t.getSender());
        } catch (IllegalArgumentException e) {
            throw new Refusal(where + ": " + e.getMessage());
        }
        var g = t.getGasPayment();
        List<ObjectRef> payment = new ArrayList<>();
        for (var r : g.getObjectsList()) {
            payment.add(current(r.getObjectId(), "transaction.gas_payment.objects"));
        }
        SuiAddress owner = g.hasOwner() && !g.getOwner().isEmpty() ? parse(g.getOwner()) : sender;
        long price = g.hasPrice() ? g.getPrice() : ledger.referenceGasPrice();
        boolean needBudget = !g.hasBudget();
        long budget = g.hasBudget() ? g.getBudget() : GasSchedule.MAX_BUDGET;
        TransactionExpiration expiration;
        try {
            expiration = t.hasExpiration() ? TransactionProtos.expiration(t.getExpiration()) : TransactionExpiration.NONE;
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
        TransactionData tx = new TransactionData(ptb, sender, new GasData(payment, owner, price, budget), expiration);
        if (!doGasSelection) {
            return new Resolved(tx, Optional.empty());
        }
        return selectGas(tx, payment.isEmpty(), needBudget);
    }

    private Resolved selectGas(TransactionData tx, boolean choosePayment, boolean chooseBudget) throws Refusal {
        GasData g = tx.gasData();
        List<ObjectRef> payment = g.payment();
        long available = 0;
        if (choosePayment) {
            Set<ObjectId> used = new HashSet<>();
            for (CallArg a : tx.kind().inputs()) {
                if (a instanceof CallArg.ImmOrOwnedObject o) {
                    used.add(o.ref().objectId());
                } else if (a instanceof CallArg.Receiving r) {
                    used.add(r.ref().objectId());
                }
            }
            List<StoredObject> coins = new ArrayList<>(ledger.owned(g.owner(),
                    Optional.of(StoredObject.COIN_PREFIX + LocalSuiConstants.SUI_COIN_TYPE + ">")));
            coins.removeIf(c -> used.contains(c.id()) || c.balance() <= 0);
            coins.sort(Comparator.comparingLong(StoredObject::balance).reversed());
            if (coins.isEmpty()) {
                throw new Refusal("gas selection: " + g.owner() + " owns no SUI coin that is not already an input "
                        + "of the transaction");
            }
            payment = new ArrayList<>();
            for (StoredObject c : coins.subList(0, Math.min(MAX_GAS_OBJECTS, coins.size()))) {
                payment.add(c.ref());
                available += c.balance();
            }
        } else {
            for (ObjectRef r : payment) {
                available += ledger.object(r.objectId()).map(StoredObject::balance).orElse(0L);
            }
        }
        if (!chooseBudget) {
            return new Resolved(tx.withGasData(g.withPayment(payment)), Optional.empty());
        }
        long ceiling = Math.min(GasSchedule.MAX_BUDGET, available);
        if (ceiling < GasSchedule.minBudget(g.price())) {
            throw new Refusal("gas selection: the gas coins of " + g.owner() + " hold " + available + " MIST, under the "
                    + "minimum budget " + GasSchedule.minBudget(g.price()) + " at gas price " + g.price());
        }
        TransactionData probe = tx.withGasData(new GasData(payment, g.owner(), g.price(), ceiling));
        ExecutedTransaction dry = ledger.dryRun(probe.toBcs());
        if (!dry.getEffects().getStatus().getSuccess()) {
            return new Resolved(probe, Optional.of(dry));
        }
        GasCostSummary used = dry.getEffects().getGasUsed();
        long overhead = GAS_SAFE_OVERHEAD_UNITS * g.price();
        long computation = used.getComputationCost() + overhead;
        long budget = Math.max(computation, computation + used.getStorageCost() - used.getStorageRebate());
        budget = Math.max(GasSchedule.minBudget(g.price()), Math.min(budget, ceiling));
        return new Resolved(tx.withGasData(new GasData(payment, g.owner(), g.price(), budget)), Optional.of(dry));
    }

    private CallArg input(Input in, int index, List<Command> commands, String where) throws Refusal {
        if (in.getKind() != Input.InputKind.INPUT_KIND_UNKNOWN) {
            try {
                return TransactionProtos.input(in, where);
            } catch (IllegalArgumentException e) {
                throw new Refusal(e.getMessage());
            }
        }
        if (!in.hasObjectId()) {
            throw new Refusal(where + ": an input with no kind must name an object (object_id)");
        }
        ObjectId id;
        try {
            id = ObjectId.parse(in.getObjectId());
        } catch (IllegalArgumentException e) {
            throw new Refusal(where + ".object_id: '" + in.getObjectId() + "' is not an object ID: " + e.getMessage());
        }
        StoredObject o = ledger.object(id).orElseThrow(() -> new Refusal(where + ": object " + id + " does not exist"));
        Owner owner = o.owner();
        if (owner instanceof Owner.Shared s) {
            SharedMutability m = usage(index, commands);
            if (in.hasMutable() && in.getMutable()) {
                m = m.strongest(SharedMutability.MUTABLE);
            }
            return new CallArg.SharedObject(id, s.initialSharedVersion(), m);
        }
        if (owner instanceof Owner.AddressOwner || owner instanceof Owner.Immutable) {
            if (in.hasVersion() && in.hasDigest()) {
                try {
                    return TransactionProtos.input(in.toBuilder().setKind(Input.InputKind.IMMUTABLE_OR_OWNED).build(),
                            where);
                } catch (IllegalArgumentException e) {
                    throw new Refusal(e.getMessage());
                }
            }
            return new CallArg.ImmOrOwnedObject(o.ref());
        }
        throw new Refusal(where + ": object " + id + " is owned by " + owner + "; only address-owned, immutable and "
                + "shared objects can be resolved here");
    }

    /** How the commands use input {@code index}: mutably unless every use is a {@code &} parameter. */
    private SharedMutability usage(int index, List<Command> commands) {
        SharedMutability m = SharedMutability.IMMUTABLE;
        boolean used = false;
        for (Command c : commands) {
            List<Argument> args = ProgrammableTransaction.arguments(c);
            for (int j = 0; j < args.size(); j++) {
                if (!(args.get(j) instanceof Argument.Input in) || in.index() != index) {
                    continue;
                }
                used = true;
                if (c instanceof Command.MoveCall call) {
                    Optional<FunctionDescriptor> f = functions.find(call.packageId(), call.module(), call.function());
                    if (f.isPresent() && j < f.get().getParametersCount()
                            && f.get().getParameters(j).getReference() == OpenSignature.Reference.IMMUTABLE) {
                        continue;
                    }
                }
                m = SharedMutability.MUTABLE;
            }
        }
        return used ? m : SharedMutability.IMMUTABLE;
    }

    private ObjectRef current(String objectId, String where) throws Refusal {
        ObjectId id;
        try {
            id = ObjectId.parse(objectId);
        } catch (IllegalArgumentException e) {
            throw new Refusal(where + ": '" + objectId + "' is not an object ID: " + e.getMessage());
        }
        return ledger.object(id).map(StoredObject::ref).orElseThrow(() -> new Refusal(where + ": gas object " + id
                + " does not exist"));
    }

    private static SuiAddress parse(String address) throws Refusal {
        try {
            return SuiAddress.parsePrefixed(address);
        } catch (IllegalArgumentException e) {
            throw new Refusal("transaction.gas_payment.owner: '" + address + "' is not an address: " + e.getMessage());
        }
    }

    /** {@code executed} with its transaction's structured view filled in from its BCS (if it has BCS). */
    public static ExecutedTransaction withStructured(ExecutedTransaction executed) {
        if (!executed.hasTransaction() || executed.getTransaction().hasKind()
                || executed.getTransaction().getBcs().getValue().isEmpty()) {
            return executed;
        }
        Transaction t = executed.getTransaction();
        TransactionData data = TransactionData.fromBcs(t.getBcs().getValue().toByteArray());
        return executed.toBuilder().setTransaction(TransactionProtos.structured(data).setBcs(t.getBcs())
                .setDigest(t.getDigest())).build();
    }
}
