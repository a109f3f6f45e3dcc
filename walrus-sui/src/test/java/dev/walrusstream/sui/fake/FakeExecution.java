package dev.walrusstream.sui.fake;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.Event;
import dev.walrusstream.sui.rpc.proto.ExecutionError;
import dev.walrusstream.sui.rpc.proto.MoveAbort;
import dev.walrusstream.sui.rpc.proto.MoveLocation;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.tx.SharedMutability;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.walrus.StoragePrices;
import com.google.protobuf.ByteString;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Executes a programmable transaction against a working copy of the fake ledger: coin commands,
 * transfers, and the Walrus calls reserve_space / register_blob / certify_blob with Walrus's
 * payment, blob-ID and epoch checks. Other Move calls succeed and do nothing, except a function
 * named {@code abort}, which aborts with code 42.
 */
final class FakeExecution {
    /** A value produced during execution. */
    private sealed interface Value permits ObjectValue, PureValue, StorageValue, NoValue {
    }

    private record ObjectValue(ObjectId id) implements Value {
    }

    private record PureValue(byte[] bcs) implements Value {
    }

    private record StorageValue(long size, long startEpoch, long endEpoch) implements Value {
    }

    private record NoValue() implements Value {
    }

    /** Aborts execution of the current command. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final ExecutionError error;

        Failure(ExecutionError error) {
            super(error.getDescription());
            this.error = error;
        }
    }

    private final Map<ObjectId, StoredObject> base;
    final Map<ObjectId, StoredObject> writes = new LinkedHashMap<>();
    final Set<ObjectId> deleted = new LinkedHashSet<>();
    final Set<ObjectId> created = new LinkedHashSet<>();
    final List<Event> events = new ArrayList<>();
    private final TransactionData tx;
    private final SuiDigest digest;
    private final FakeWalrusState walrus;
    private final List<List<Value>> results = new ArrayList<>();
    private int createdCount;
    private int commandIndex;

    FakeExecution(Map<ObjectId, StoredObject> base, TransactionData tx, SuiDigest digest, FakeWalrusState walrus) {
        this.base = base;
        this.tx = tx;
        this.digest = digest;
        this.walrus = walrus;
    }

    /** Runs every command; throws {@link Failure} at the first failing one. */
    void run() {
        List<Command> commands = tx.kind().commands();
        for (commandIndex = 0; commandIndex < commands.size(); commandIndex++) {
            results.add(command(commands.get(commandIndex)));
        }
    }

    StoredObject get(ObjectId id) {
        if (deleted.contains(id)) {
            return null;
        }
        StoredObject o = writes.get(id);
        return o != null ? o : base.get(id);
    }

    private void put(StoredObject o) {
        writes.put(o.id(), o);
    }

    private List<Value> command(Command c) {
        if (c instanceof Command.SplitCoins s) {
            StoredObject coin = object(s.coin());
            List<Value> out = new ArrayList<>();
            long total = 0;
            for (Argument a : s.amounts()) {
                total += u64(a);
            }
            if (coin.balance() < total) {
                throw fail(ExecutionError.ExecutionErrorKind.INSUFFICIENT_COIN_BALANCE,
                        "coin " + coin.id() + " holds " + coin.balance() + ", split needs " + total);
            }
            put(coin.withBalance(coin.balance() - total));
            for (Argument a : s.amounts()) {
                out.add(new ObjectValue(create(coin.type(), tx.sender(), u64(a), new byte[0]).id()));
            }
            return out;
        }
        if (c instanceof Command.MergeCoins m) {
            StoredObject dest = object(m.destination());
            long total = dest.balance();
            for (Argument a : m.sources()) {
                StoredObject src = object(a);
                if (!src.type().equals(dest.type())) {
                    throw fail(ExecutionError.ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "merging " + src.type()
                            + " into " + dest.type());
                }
                total += src.balance();
                deleted.add(src.id());
                writes.remove(src.id());
            }
            put(dest.withBalance(total));
            return List.of();
        }
        if (c instanceof Command.TransferObjects t) {
            SuiAddress recipient = SuiAddress.of(pure(t.address()));
            for (Argument a : t.objects()) {
                Value v = value(a);
                if (!(v instanceof ObjectValue ov)) {
                    throw fail(ExecutionError.ExecutionErrorKind.INVALID_TRANSFER_OBJECT, "argument is not an object");
                }
                put(get(ov.id()).withOwner(recipient));
            }
            return List.of();
        }
        if (c instanceof Command.MoveCall call) {
            return moveCall(call);
        }
        throw fail(ExecutionError.ExecutionErrorKind.FEATURE_NOT_YET_SUPPORTED, "command not supported by the fake");
    }

    private List<Value> moveCall(Command.MoveCall call) {
        if (call.function().equals("abort")) {
            throw abort(call.module(), call.function(), 42);
        }
        if (!call.packageId().equals(FakeWalrusState.PACKAGE) || !call.module().equals("system")) {
            return List.of(new NoValue());
        }
        List<Argument> args = call.arguments();
        switch (call.function()) {
            case "reserve_space": {
                requireMutableSystem(args.get(0));
                long size = u64(args.get(1));
                long epochs = u32(args.get(2));
                StoredObject wal = object(args.get(3));
                charge(wal, StoragePrices.storageUnits(size) * walrus.storagePricePerUnit * epochs);
                return List.of(new StorageValue(size, walrus.epoch, walrus.epoch + epochs));
            }
            case "register_blob": {
                requireMutableSystem(args.get(0));
                Value storage = value(args.get(1));
                if (!(storage instanceof StorageValue st)) {
                    throw fail(ExecutionError.ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument 1 is not a Storage");
                }
                byte[] blobId = pure(args.get(2));
                byte[] root = pure(args.get(3));
                long size = u64(args.get(4));
                int encoding = pure(args.get(5))[0] & 0xFF;
                boolean deletable = pure(args.get(6))[0] == 1;
                if (!BlobId.derive(encoding, size, root).equals(BlobId.of(blobId))) {
                    throw abort("blob", "derive_blob_id", 1);
                }
                charge(object(args.get(7)), StoragePrices.storageUnits(st.size()) * walrus.writePricePerUnit);
                StoredObject blob = create(FakeWalrusState.PACKAGE + "::blob::Blob", tx.sender(), 0,
                        new BcsWriter().fixedBytes(blobId).bool(deletable).toByteArray());
                emit("BlobRegistered", new BcsWriter().u32(walrus.epoch).fixedBytes(blobId).u64(size).u8(encoding)
                        .u32(st.endEpoch()).bool(deletable).fixedBytes(blob.id().bytes()).toByteArray());
                return List.of(new ObjectValue(blob.id()));
            }
            case "certify_blob": {
                StoredObject blob = object(args.get(1));
                if (!blob.type().endsWith("::blob::Blob")) {
                    throw fail(ExecutionError.ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument 1 is not a Blob");
                }
                BcsReader message = new BcsReader(new BcsReader(pure(args.get(4))).bytes());
                message.fixedBytes(3);
                long epoch = message.u32();
                if (epoch != walrus.epoch) {
                    throw abort("system_state_inner", "certify_blob", 3);
                }
                byte[] id = message.fixedBytes(32);
                put(blob);
                emit("BlobCertified", new BcsWriter().u32(epoch).fixedBytes(id).u32(walrus.epoch + 1).bool(false)
                        .fixedBytes(blob.id().bytes()).bool(false).toByteArray());
                return List.of();
            }
            default:
                return List.of(new NoValue());
        }
    }

    private void requireMutableSystem(Argument a) {
        if (a instanceof Argument.Input in && tx.kind().inputs().get(in.index()) instanceof CallArg.SharedObject s
                && s.mutability() != SharedMutability.MUTABLE) {
            throw fail(ExecutionError.ExecutionErrorKind.COMMAND_ARGUMENT_ERROR,
                    "InvalidObjectByMutRef: &mut System passed as an immutable shared object");
        }
    }

    private void charge(StoredObject coin, long amount) {
        StoredObject current = get(coin.id());
        if (current.balance() < amount) {
            throw abort("balance", "split", 2);
        }
        put(current.withBalance(current.balance() - amount));
    }

    private StoredObject create(String type, SuiAddress owner, long balance, byte[] contents) {
        byte[] seed = new BcsWriter().fixedBytes(digest.bytes()).u64(createdCount++).toByteArray();
        ObjectId id = ObjectId.of(Blake2b256.hash(seed));
        StoredObject o = new StoredObject(id, 0, SuiDigest.of(new byte[32]), owner, 0, type, balance, contents);
        created.add(id);
        put(o);
        return o;
    }

    private void emit(String name, byte[] contents) {
        events.add(Event.newBuilder().setPackageId(FakeWalrusState.PACKAGE.toString()).setModule("system")
                .setSender(tx.sender().toString()).setEventType(FakeWalrusState.PACKAGE + "::events::" + name)
                .setContents(Bcs.newBuilder().setName(name).setValue(ByteString.copyFrom(contents))).build());
    }

    private Value value(Argument a) {
        if (a instanceof Argument.GasCoin) {
            return new ObjectValue(tx.gasData().payment().get(0).objectId());
        }
        if (a instanceof Argument.Input in) {
            CallArg arg = tx.kind().inputs().get(in.index());
            if (arg instanceof CallArg.Pure p) {
                return new PureValue(p.bcs());
            }
            if (arg instanceof CallArg.ImmOrOwnedObject o) {
                return new ObjectValue(o.ref().objectId());
            }
            if (arg instanceof CallArg.SharedObject s) {
                return new ObjectValue(s.objectId());
            }
            throw fail(ExecutionError.ExecutionErrorKind.FEATURE_NOT_YET_SUPPORTED, "input kind not supported");
        }
        if (a instanceof Argument.Result r) {
            return results.get(r.command()).get(0);
        }
        Argument.NestedResult n = (Argument.NestedResult) a;
        return results.get(n.command()).get(n.result());
    }

    private StoredObject object(Argument a) {
        Value v = value(a);
        if (v instanceof ObjectValue ov && get(ov.id()) != null) {
            return get(ov.id());
        }
        throw fail(ExecutionError.ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a live object");
    }

    private byte[] pure(Argument a) {
        if (value(a) instanceof PureValue p) {
            return p.bcs();
        }
        throw fail(ExecutionError.ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a pure value");
    }

    private long u64(Argument a) {
        return new BcsReader(pure(a)).u64();
    }

    private long u32(Argument a) {
        return new BcsReader(pure(a)).u32();
    }

    private Failure fail(ExecutionError.ExecutionErrorKind kind, String description) {
        return new Failure(ExecutionError.newBuilder().setKind(kind).setDescription(description)
                .setCommand(commandIndex).build());
    }

    private Failure abort(String module, String function, long code) {
        return new Failure(ExecutionError.newBuilder().setKind(ExecutionError.ExecutionErrorKind.MOVE_ABORT)
                .setCommand(commandIndex).setDescription("MoveAbort in " + module + "::" + function + " with code " + code)
                .setAbort(MoveAbort.newBuilder().setAbortCode(code).setLocation(MoveLocation.newBuilder()
                        .setPackage(FakeWalrusState.PACKAGE.toString()).setModule(module).setFunctionName(function)))
                .build());
    }
}
