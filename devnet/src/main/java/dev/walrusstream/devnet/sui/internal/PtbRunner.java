package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.chain.Results;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.ExecutionError.ExecutionErrorKind;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.tx.SharedMutability;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the commands of a programmable transaction against an {@link Execution}: SplitCoins,
 * MergeCoins, TransferObjects, and Move calls to Walrus's {@code system} module (through
 * {@link WalrusFunctions}) and {@code 0x2::coin::destroy_zero}. A failing command throws
 * {@link Failure} naming the command. New objects must end up owned (transferred) or consumed,
 * as Move's abilities demand.
 */
final class PtbRunner {
    /** A value a command produced or an input provides. */
    sealed interface Value permits ObjectValue, PureValue, PendingStorage, UnitValue, MetadataValue {
    }

    /** An object, by ID (an input, or a result of an earlier command). */
    record ObjectValue(ObjectId id) implements Value {
    }

    record PureValue(byte[] bcs) implements Value {
    }

    /** {@code reserve_space}'s Storage before it is known whether register_blob consumes it. */
    static final class PendingStorage implements Value {
        final long size;
        final int epochs;
        final Results.Reservation dryRun;
        final int command;
        boolean consumed;
        /** Reserved after a registration of the same transaction: only a register_blob may consume it. */
        boolean deferred;

        PendingStorage(long size, int epochs, Results.Reservation dryRun, int command) {
            this.size = size;
            this.epochs = epochs;
            this.dryRun = dryRun;
            this.command = command;
        }
    }

    record UnitValue() implements Value {
    }

    /** A {@code metadata::Metadata} built in this transaction (it has drop: it may stay unused). */
    static final class MetadataValue implements Value {
        final dev.walrusstream.sui.walrus.WalrusBlobAttributes attributes;
        boolean consumed;

        MetadataValue(dev.walrusstream.sui.walrus.WalrusBlobAttributes attributes) {
            this.attributes = attributes;
        }
    }

    static final UnitValue UNIT = new UnitValue();

    private final Execution x;
    private final WalrusFunctions walrus;
    private final StakingFunctions staking;
    private final BlobMetadataFunctions metadata;
    private final List<List<Value>> results = new ArrayList<>();
    private final List<PendingStorage> pending = new ArrayList<>();

    PtbRunner(Execution x) {
        this.x = x;
        this.walrus = new WalrusFunctions(x, this);
        this.staking = new StakingFunctions(x, this);
        this.metadata = new BlobMetadataFunctions(x, this);
    }

    void run() {
        List<Command> commands = x.tx.kind().commands();
        for (int i = 0; i < commands.size(); i++) {
            x.command = i;
            results.add(execute(commands.get(i)));
        }
        for (PendingStorage p : pending) {
            if (!p.consumed) {
                throw Failure.of(ExecutionErrorKind.UNUSED_VALUE_WITHOUT_DROP, p.command,
                        "the Storage returned by reserve_space in command " + p.command + " is neither used nor "
                                + "transferred (Storage has no drop ability)");
            }
        }
        for (Execution.Working w : x.objects.values()) {
            if (w.created && w.owner == null) {
                throw Failure.of(ExecutionErrorKind.UNUSED_VALUE_WITHOUT_DROP, commands.size() - 1,
                        "new object " + w.id + " of type " + w.type + " is neither transferred nor consumed "
                                + "(it has no drop ability)");
            }
        }
    }

    /** The blob-attributes functions (delete_blob drops a blob's attributes field with it). */
    BlobMetadataFunctions metadata() {
        return metadata;
    }

    void track(PendingStorage p) {
        pending.add(p);
    }

    private List<Value> execute(Command c) {
        if (c instanceof Command.MoveCall call) {
            if ((call.packageId().equals(x.ids.currentPackage()) || call.packageId().equals(x.ids.originalPackage()))
                    && BlobMetadataFunctions.handles(call)) {
                return metadata.call(call);
            }
            return List.of(moveCall(call));
        }
        if (c instanceof Command.SplitCoins s) {
            return splitCoins(s);
        }
        if (c instanceof Command.MergeCoins m) {
            mergeCoins(m);
            return List.of();
        }
        if (c instanceof Command.TransferObjects t) {
            transfer(t);
            return List.of();
        }
        throw fail(ExecutionErrorKind.FEATURE_NOT_YET_SUPPORTED, c.getClass().getSimpleName()
                + " is not supported by this local Sui ledger");
    }

    private Value moveCall(Command.MoveCall call) {
        ObjectId pkg = call.packageId();
        if (pkg.equals(x.ids.currentPackage()) && call.module().equals("system")) {
            return walrus.call(call);
        }
        if (pkg.equals(x.ids.currentPackage()) && call.module().equals("staking")) {
            return staking.call(call);
        }
        if (pkg.equals(x.ids.originalPackage())) {
            // Walrus's System checks that the package called is the one it was migrated to
            throw Failure.abort(x.command, pkg, "system", call.function(), 1, "EWrongVersion: the System object is at "
                    + "package " + x.ids.currentPackage() + "; call that package (System.package_id)");
        }
        if (pkg.equals(Failure.SUI_FRAMEWORK) && call.module().equals("coin") && call.function().equals("destroy_zero")) {
            arity(call, 1, 1);
            Execution.Working coin = coin(call.arguments().get(0));
            long balance = StoredObjectView.balance(coin.contents);
            if (balance != 0) {
                throw Failure.abort(x.command, Failure.SUI_FRAMEWORK, "balance", "destroy_zero", 0,
                        "ENonZero: coin " + coin.id + " still holds " + balance);
            }
            x.delete(coin.id);
            return UNIT;
        }
        java.util.OptionalLong planted = StoredObjectView.abortCode(x.store.get(pkg));
        if (planted.isPresent()) {
            throw Failure.abort(x.command, pkg, call.module(), call.function(), planted.getAsLong(),
                    "every function of this planted package aborts");
        }
        throw fail(ExecutionErrorKind.FUNCTION_NOT_FOUND, "function " + call.target() + " is not available on this "
                + "local Sui ledger");
    }

    private List<Value> splitCoins(Command.SplitCoins s) {
        Execution.Working coin = coin(s.coin());
        long balance = StoredObjectView.balance(coin.contents);
        List<Long> amounts = new ArrayList<>();
        long total = 0;
        for (Argument a : s.amounts()) {
            long v = u64(a);
            amounts.add(v);
            total = Math.addExact(total, v);
        }
        if (Long.compareUnsigned(total, balance) > 0) {
            throw fail(ExecutionErrorKind.INSUFFICIENT_COIN_BALANCE, "coin " + coin.id + " holds " + balance
                    + ", the split needs " + total);
        }
        coin.contents = StoredObject.coinContents(coin.id, balance - total);
        List<Value> out = new ArrayList<>();
        for (long v : amounts) {
            ObjectId id = x.freshId();
            x.createWithId(id, coin.type, StoredObject.coinContents(id, v));
            out.add(new ObjectValue(id));
        }
        return out;
    }

    private void mergeCoins(Command.MergeCoins m) {
        Execution.Working dest = coin(m.destination());
        long total = StoredObjectView.balance(dest.contents);
        for (Argument a : m.sources()) {
            if (a instanceof Argument.GasCoin) {
                throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "the gas coin cannot be merged into another coin");
            }
            Execution.Working src = coin(a);
            if (src.id.equals(dest.id)) {
                throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "coin " + src.id + " merged into itself");
            }
            if (!src.type.equals(dest.type)) {
                throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "cannot merge " + src.type + " into " + dest.type);
            }
            total = Math.addExact(total, StoredObjectView.balance(src.contents));
            x.delete(src.id);
        }
        dest.contents = StoredObject.coinContents(dest.id, total);
    }

    private void transfer(Command.TransferObjects t) {
        byte[] addr = pure(t.address());
        if (addr.length != 32) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "recipient must be a 32-byte address, got "
                    + addr.length + " bytes");
        }
        SuiAddress recipient = SuiAddress.of(addr);
        for (Argument a : t.objects()) {
            Value v = value(a);
            if (v instanceof PendingStorage p) {
                requireSender(recipient, "a Storage resource");
                walrus.materialise(p, recipient);
                continue;
            }
            if (!(v instanceof ObjectValue ov)) {
                throw fail(ExecutionErrorKind.INVALID_TRANSFER_OBJECT, "argument " + a + " is not an object");
            }
            Execution.Working w = x.get(ov.id());
            if (w == null) {
                throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "object " + ov.id() + " no longer exists");
            }
            if (w.owner instanceof Owner.Shared || w.owner instanceof Owner.ObjectOwner) {
                throw fail(ExecutionErrorKind.INVALID_TRANSFER_OBJECT, "object " + w.id + " is not owned by an address "
                        + "and cannot be transferred");
            }
            boolean walrusObject = w.type.startsWith(x.ids.originalPackage().toString());
            boolean wal = w.type.equals(StoredObject.COIN_PREFIX + x.ids.walCoinType() + ">");
            if (walrusObject || wal) {
                requireSender(recipient, walrusObject ? "a Walrus object" : "a WAL coin");
            }
            w.owner = new Owner.AddressOwner(recipient);
        }
    }

    private void requireSender(SuiAddress recipient, String what) {
        if (!recipient.equals(x.sender())) {
            throw fail(ExecutionErrorKind.FEATURE_NOT_YET_SUPPORTED, "this local Sui ledger keeps Walrus objects and WAL "
                    + "with their owner in LocalChain's accounts; transferring " + what + " to another address ("
                    + recipient + ") is not supported");
        }
    }

    // ---- arguments ---------------------------------------------------------------------------

    Value value(Argument a) {
        if (a instanceof Argument.GasCoin) {
            return new ObjectValue(x.tx.gasData().payment().get(0).objectId());
        }
        if (a instanceof Argument.Input in) {
            if (in.index() >= x.tx.kind().inputs().size()) {
                throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "input " + in.index() + " does not exist");
            }
            CallArg arg = x.tx.kind().inputs().get(in.index());
            if (arg instanceof CallArg.Pure p) {
                return new PureValue(p.bcs());
            } else if (arg instanceof CallArg.ImmOrOwnedObject o) {
                return new ObjectValue(o.ref().objectId());
            } else if (arg instanceof CallArg.SharedObject s) {
                return new ObjectValue(s.objectId());
            }
            throw fail(ExecutionErrorKind.FEATURE_NOT_YET_SUPPORTED, "input kind " + arg.getClass().getSimpleName()
                    + " is not supported");
        }
        int command;
        int index;
        if (a instanceof Argument.Result r) {
            command = r.command();
            index = 0;
            if (command < results.size() && results.get(command).size() != 1) {
                throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "Result(" + command + ") has "
                        + results.get(command).size() + " values; use NestedResult");
            }
        } else {
            Argument.NestedResult n = (Argument.NestedResult) a;
            command = n.command();
            index = n.result();
        }
        if (command >= results.size() || index >= results.get(command).size()) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " refers to a value that does not "
                    + "exist yet");
        }
        return results.get(command).get(index);
    }

    Execution.Working object(Argument a) {
        Value v = value(a);
        if (v instanceof ObjectValue ov) {
            Execution.Working w = x.get(ov.id());
            if (w != null) {
                return w;
            }
        }
        throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a live object");
    }

    /** The live object argument {@code a}, which must be of Move type {@code type}. */
    Execution.Working object(Argument a, String type) {
        Execution.Working w = object(a);
        if (!w.type.equals(type)) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "object " + w.id + " of type " + w.type
                    + " is not a " + type);
        }
        return w;
    }

    Execution.Working coin(Argument a) {
        Execution.Working w = object(a);
        if (!w.type.startsWith(StoredObject.COIN_PREFIX)) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "object " + w.id + " of type " + w.type
                    + " is not a coin");
        }
        return w;
    }

    /** The shared System input; {@code mutable} when the function takes {@code &mut System}. */
    void system(Argument a, boolean mutable) {
        if (!(a instanceof Argument.Input in) || in.index() >= x.tx.kind().inputs().size()
                || !(x.tx.kind().inputs().get(in.index()) instanceof CallArg.SharedObject s)
                || !s.objectId().equals(x.ids.systemObject())) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not the shared Walrus System "
                    + "object " + x.ids.systemObject());
        }
        if (mutable && s.mutability() != SharedMutability.MUTABLE) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "InvalidObjectByMutRef: the function takes "
                    + "&mut System but the System input is shared immutably");
        }
    }

    /** The shared input {@code id} (a {@code name}); {@code mutable} when the function takes it by {@code &mut}. */
    void shared(Argument a, ObjectId id, String name, boolean mutable) {
        if (!(a instanceof Argument.Input in) || in.index() >= x.tx.kind().inputs().size()
                || !(x.tx.kind().inputs().get(in.index()) instanceof CallArg.SharedObject s)
                || !s.objectId().equals(id)) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not the shared " + name
                    + " object " + id);
        }
        if (mutable && s.mutability() != SharedMutability.MUTABLE) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "InvalidObjectByMutRef: the function takes &mut "
                    + name + " but the " + name + " input is shared immutably");
        }
    }

    byte[] pure(Argument a) {
        if (value(a) instanceof PureValue p) {
            return p.bcs();
        }
        throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a pure value");
    }

    long u64(Argument a) {
        return fixed(a, 8, "u64").u64();
    }

    long u32(Argument a) {
        return fixed(a, 4, "u32").u32();
    }

    int u8(Argument a) {
        return fixed(a, 1, "u8").u8();
    }

    boolean bool(Argument a) {
        byte[] b = pure(a);
        if (b.length != 1 || (b[0] & 0xFF) > 1) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a bool");
        }
        return b[0] == 1;
    }

    byte[] u256(Argument a) {
        return fixed(a, 32, "u256").fixedBytes(32);
    }

    byte[] byteVector(Argument a) {
        byte[] b = pure(a);
        try {
            BcsReader r = new BcsReader(b);
            byte[] v = r.bytes();
            r.expectEnd("vector<u8>");
            return v;
        } catch (RuntimeException e) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a vector<u8>: "
                    + e.getMessage());
        }
    }

    private BcsReader fixed(Argument a, int length, String type) {
        byte[] b = pure(a);
        if (b.length != length) {
            throw fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a " + type + " ("
                    + b.length + " bytes, expected " + length + ")");
        }
        return new BcsReader(b);
    }

    void arity(Command.MoveCall call, int arguments, int typeArguments) {
        if (call.typeArguments().size() != typeArguments) {
            throw fail(ExecutionErrorKind.TYPE_ARITY_MISMATCH, call.target() + " takes " + typeArguments
                    + " type arguments, got " + call.typeArguments().size());
        }
        if (call.arguments().size() != arguments) {
            throw fail(ExecutionErrorKind.ARITY_MISMATCH, call.target() + " takes " + arguments + " arguments, got "
                    + call.arguments().size());
        }
    }

    Failure fail(ExecutionErrorKind kind, String description) {
        return Failure.of(kind, x.command, description);
    }
}
