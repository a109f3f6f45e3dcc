package dev.walrusstream.sui.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.FundsWithdrawal;
import dev.walrusstream.sui.rpc.proto.GasPayment;
import dev.walrusstream.sui.rpc.proto.Input;
import dev.walrusstream.sui.rpc.proto.MakeMoveVector;
import dev.walrusstream.sui.rpc.proto.MergeCoins;
import dev.walrusstream.sui.rpc.proto.MoveCall;
import dev.walrusstream.sui.rpc.proto.ObjectReference;
import dev.walrusstream.sui.rpc.proto.Publish;
import dev.walrusstream.sui.rpc.proto.SplitCoins;
import dev.walrusstream.sui.rpc.proto.Transaction;
import dev.walrusstream.sui.rpc.proto.TransactionKind;
import dev.walrusstream.sui.rpc.proto.TransferObjects;
import dev.walrusstream.sui.rpc.proto.Upgrade;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.SharedMutability;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;
import dev.walrusstream.sui.tx.TypeTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * BCS {@link TransactionData} to and from the structured {@code sui.rpc.v2.Transaction} proto (kind,
 * sender, gas payment, expiration), as a Sui full node renders and reads it. {@link #toProto} also
 * fills {@code bcs} and {@code digest}; {@link #fromProto} needs a resolved transaction (every input of
 * a known kind, gas price and budget set) and fails with {@link IllegalArgumentException} naming the
 * field path and the offending value otherwise. The two are inverses on programmable transactions.
 */
public final class TransactionProtos {
    private TransactionProtos() {
    }

    /** The full proto: BCS, digest, version 1 and the structured view. */
    public static Transaction toProto(TransactionData tx) {
        byte[] bcs = tx.toBcs();
        return structured(tx).setBcs(Bcs.newBuilder().setName("TransactionData").setValue(ByteString.copyFrom(bcs)))
                .setDigest(TransactionData.digestOf(bcs).toString()).build();
    }

    /** The structured view only (no BCS, no digest). */
    public static Transaction.Builder structured(TransactionData tx) {
        TransactionKind.Builder kind = TransactionKind.newBuilder()
                .setKind(TransactionKind.Kind.PROGRAMMABLE_TRANSACTION)
                .setProgrammableTransaction(programmable(tx.kind()));
        GasData g = tx.gasData();
        GasPayment.Builder gas = GasPayment.newBuilder().setOwner(g.owner().toString()).setPrice(g.price())
                .setBudget(g.budget());
        for (ObjectRef r : g.payment()) {
            gas.addObjects(reference(r));
        }
        return Transaction.newBuilder().setVersion(1).setKind(kind).setSender(tx.sender().toString())
                .setGasPayment(gas).setExpiration(expiration(tx.expiration()));
    }

    public static dev.walrusstream.sui.rpc.proto.ProgrammableTransaction programmable(ProgrammableTransaction ptb) {
        var b = dev.walrusstream.sui.rpc.proto.ProgrammableTransaction.newBuilder();
        for (CallArg a : ptb.inputs()) {
            b.addInputs(input(a));
        }
        for (Command c : ptb.commands()) {
            b.addCommands(command(c));
        }
        return b.build();
    }

    public static Input input(CallArg arg) {
        if (arg instanceof CallArg.Pure p) {
            return Input.newBuilder().setKind(Input.InputKind.PURE).setPure(ByteString.copyFrom(p.bcs())).build();
        }
        if (arg instanceof CallArg.ImmOrOwnedObject o) {
            return objectInput(Input.InputKind.IMMUTABLE_OR_OWNED, o.ref());
        }
        if (arg instanceof CallArg.Receiving r) {
            return objectInput(Input.InputKind.RECEIVING, r.ref());
        }
        if (arg instanceof CallArg.SharedObject s) {
            return Input.newBuilder().setKind(Input.InputKind.SHARED).setObjectId(s.objectId().toString())
                    .setVersion(s.initialSharedVersion()).setMutable(s.mutability() != SharedMutability.IMMUTABLE)
                    .setMutability(switch (s.mutability()) {
                        case IMMUTABLE -> Input.Mutability.IMMUTABLE;
                        case MUTABLE -> Input.Mutability.MUTABLE;
                        case NON_EXCLUSIVE_WRITE -> Input.Mutability.NON_EXCLUSIVE_WRITE;
                    }).build();
        }
        CallArg.FundsWithdrawal w = (CallArg.FundsWithdrawal) arg;
        return Input.newBuilder().setKind(Input.InputKind.FUNDS_WITHDRAWAL).setFundsWithdrawal(FundsWithdrawal
                .newBuilder().setAmount(w.maxAmount()).setCoinType(w.balanceType().toCanonicalString())
                .setSource(w.fromSponsor() ? FundsWithdrawal.Source.SPONSOR : FundsWithdrawal.Source.SENDER)).build();
    }

    private static Input objectInput(Input.InputKind kind, ObjectRef r) {
        return Input.newBuilder().setKind(kind).setObjectId(r.objectId().toString()).setVersion(r.version())
                .setDigest(r.digest().toString()).build();
    }

    public static ObjectReference reference(ObjectRef r) {
        return ObjectReference.newBuilder().setObjectId(r.objectId().toString()).setVersion(r.version())
                .setDigest(r.digest().toString()).build();
    }

    public static dev.walrusstream.sui.rpc.proto.Command command(Command c) {
        var b = dev.walrusstream.sui.rpc.proto.Command.newBuilder();
        if (c instanceof Command.MoveCall m) {
            MoveCall.Builder mc = MoveCall.newBuilder().setPackage(m.packageId().toString()).setModule(m.module())
                    .setFunction(m.function());
            m.typeArguments().forEach(t -> mc.addTypeArguments(t.toCanonicalString()));
            m.arguments().forEach(a -> mc.addArguments(argument(a)));
            return b.setMoveCall(mc).build();
        }
        if (c instanceof Command.TransferObjects t) {
            TransferObjects.Builder tb = TransferObjects.newBuilder().setAddress(argument(t.address()));
            t.objects().forEach(a -> tb.addObjects(argument(a)));
            return b.setTransferObjects(tb).build();
        }
        if (c instanceof Command.SplitCoins s) {
            SplitCoins.Builder sb = SplitCoins.newBuilder().setCoin(argument(s.coin()));
            s.amounts().forEach(a -> sb.addAmounts(argument(a)));
            return b.setSplitCoins(sb).build();
        }
        if (c instanceof Command.MergeCoins m) {
            MergeCoins.Builder mb = MergeCoins.newBuilder().setCoin(argument(m.destination()));
            m.sources().forEach(a -> mb.addCoinsToMerge(argument(a)));
            return b.setMergeCoins(mb).build();
        }
        if (c instanceof Command.MakeMoveVec v) {
            MakeMoveVector.Builder vb = MakeMoveVector.newBuilder();
            v.elementType().ifPresent(t -> vb.setElementType(t.toCanonicalString()));
            v.elements().forEach(a -> vb.addElements(argument(a)));
            return b.setMakeMoveVector(vb).build();
        }
        if (c instanceof Command.Publish p) {
            Publish.Builder pb = Publish.newBuilder();
            p.modules().forEach(m -> pb.addModules(ByteString.copyFrom(m)));
            p.dependencies().forEach(d -> pb.addDependencies(d.toString()));
            return b.setPublish(pb).build();
        }
        Command.Upgrade u = (Command.Upgrade) c;
        Upgrade.Builder ub = Upgrade.newBuilder().setPackage(u.packageId().toString()).setTicket(argument(u.ticket()));
        u.modules().forEach(m -> ub.addModules(ByteString.copyFrom(m)));
        u.dependencies().forEach(d -> ub.addDependencies(d.toString()));
        return b.setUpgrade(ub).build();
    }

    public static dev.walrusstream.sui.rpc.proto.Argument argument(Argument a) {
        var b = dev.walrusstream.sui.rpc.proto.Argument.newBuilder();
        if (a instanceof Argument.GasCoin) {
            return b.setKind(dev.walrusstream.sui.rpc.proto.Argument.ArgumentKind.GAS).build();
        }
        if (a instanceof Argument.Input in) {
            return b.setKind(dev.walrusstream.sui.rpc.proto.Argument.ArgumentKind.INPUT).setInput(in.index()).build();
        }
        if (a instanceof Argument.Result r) {
            return b.setKind(dev.walrusstream.sui.rpc.proto.Argument.ArgumentKind.RESULT).setResult(r.command()).build();
        }
        Argument.NestedResult n = (Argument.NestedResult) a;
        return b.setKind(dev.walrusstream.sui.rpc.proto.Argument.ArgumentKind.RESULT).setResult(n.command())
                .setSubresult(n.result()).build();
    }

    public static dev.walrusstream.sui.rpc.proto.TransactionExpiration expiration(TransactionExpiration e) {
        var b = dev.walrusstream.sui.rpc.proto.TransactionExpiration.newBuilder();
        if (e instanceof TransactionExpiration.None) {
            return b.setKind(dev.walrusstream.sui.rpc.proto.TransactionExpiration.TransactionExpirationKind.NONE).build();
        }
        if (e instanceof TransactionExpiration.Epoch ep) {
            return b.setKind(dev.walrusstream.sui.rpc.proto.TransactionExpiration.TransactionExpirationKind.EPOCH)
                    .setEpoch(ep.epoch()).build();
        }
        TransactionExpiration.ValidDuring v = (TransactionExpiration.ValidDuring) e;
        b.setKind(dev.walrusstream.sui.rpc.proto.TransactionExpiration.TransactionExpirationKind.VALID_DURING)
                .setChain(v.chain().toString()).setNonce((int) v.nonce());
        v.minEpoch().ifPresent(b::setMinEpoch);
        v.maxEpoch().ifPresent(b::setEpoch);
        v.minTimestampMs().ifPresent(ms -> b.setMinTimestamp(timestamp(ms)));
        v.maxTimestampMs().ifPresent(ms -> b.setMaxTimestamp(timestamp(ms)));
        return b.build();
    }

    // ---- proto → BCS ---------------------------------------------------------------------------

    /**
     * The {@link TransactionData} of a transaction proto: decoded from {@code bcs} when present, else built
     * from the structured view, which must be resolved.
     */
    public static TransactionData fromProto(Transaction t) {
        if (t.hasBcs() && !t.getBcs().getValue().isEmpty()) {
            return TransactionData.fromBcs(t.getBcs().getValue().toByteArray());
        }
        return fromStructured(t);
    }

    /** The {@link TransactionData} of the structured view (fields 4..7), ignoring {@code bcs}. */
    public static TransactionData fromStructured(Transaction t) {
        if (!t.hasKind() || !t.getKind().hasProgrammableTransaction()) {
            throw new IllegalArgumentException("transaction.kind: only programmable transactions are supported, got "
                    + (t.hasKind() ? t.getKind().getKind() + "/" + t.getKind().getDataCase() : "no kind"));
        }
        ProgrammableTransaction ptb = programmable(t.getKind().getProgrammableTransaction(),
                "transaction.kind.programmable_transaction");
        SuiAddress sender = address(t.hasSender() ? t.getSender() : null, "transaction.sender");
        if (!t.hasGasPayment()) {
            throw new IllegalArgumentException("transaction.gas_payment is missing");
        }
        GasPayment g = t.getGasPayment();
        if (!g.hasPrice() || !g.hasBudget()) {
            throw new IllegalArgumentException("transaction.gas_payment: price and budget must be set (price "
                    + (g.hasPrice() ? g.getPrice() : "unset") + ", budget " + (g.hasBudget() ? g.getBudget() : "unset")
                    + "); ask SimulateTransaction with do_gas_selection to choose them");
        }
        List<ObjectRef> payment = new ArrayList<>();
        for (int i = 0; i < g.getObjectsCount(); i++) {
            payment.add(ref(g.getObjects(i), "transaction.gas_payment.objects[" + i + "]"));
        }
        SuiAddress owner = g.hasOwner() ? address(g.getOwner(), "transaction.gas_payment.owner") : sender;
        return new TransactionData(ptb, sender, new GasData(payment, owner, g.getPrice(), g.getBudget()),
                t.hasExpiration() ? expiration(t.getExpiration()) : TransactionExpiration.NONE);
    }

    public static ProgrammableTransaction programmable(dev.walrusstream.sui.rpc.proto.ProgrammableTransaction p,
                                                       String where) {
        List<CallArg> inputs = new ArrayList<>();
        for (int i = 0; i < p.getInputsCount(); i++) {
            inputs.add(input(p.getInputs(i), where + ".inputs[" + i + "]"));
        }
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < p.getCommandsCount(); i++) {
            commands.add(command(p.getCommands(i), where + ".commands[" + i + "]"));
        }
        try {
            return new ProgrammableTransaction(inputs, commands);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    public static CallArg input(Input in, String where) {
        switch (in.getKind()) {
            case PURE:
                return new CallArg.Pure(in.getPure().toByteArray());
            case IMMUTABLE_OR_OWNED:
                return new CallArg.ImmOrOwnedObject(objectRef(in, where));
            case RECEIVING:
                return new CallArg.Receiving(objectRef(in, where));
            case SHARED: {
                ObjectId id = objectId(in.hasObjectId() ? in.getObjectId() : null, where + ".object_id");
                if (!in.hasVersion()) {
                    throw new IllegalArgumentException(where + ": shared object " + id + " has no initial shared version");
                }
                SharedMutability m = switch (in.getMutability()) {
                    case IMMUTABLE -> SharedMutability.IMMUTABLE;
                    case MUTABLE -> SharedMutability.MUTABLE;
                    case NON_EXCLUSIVE_WRITE -> SharedMutability.NON_EXCLUSIVE_WRITE;
                    default -> SharedMutability.of(in.getMutable());
                };
                return new CallArg.SharedObject(id, in.getVersion(), m);
            }
            case FUNDS_WITHDRAWAL: {
                FundsWithdrawal w = in.getFundsWithdrawal();
                if (w.getSource() == FundsWithdrawal.Source.SENDER_ALLOWANCE) {
                    throw new IllegalArgumentException(where + ": funds withdrawal source SENDER_ALLOWANCE is not "
                            + "supported");
                }
                return new CallArg.FundsWithdrawal(w.getAmount(), typeTag(w.hasCoinType() ? w.getCoinType()
                        : "0x2::sui::SUI", where + ".funds_withdrawal.coin_type"),
                        w.getSource() == FundsWithdrawal.Source.SPONSOR);
            }
            default:
                throw new IllegalArgumentException(where + ": input of kind " + in.getKind() + " (object "
                        + (in.hasObjectId() ? in.getObjectId() : "none") + ") is unresolved; resolve it first "
                        + "(SimulateTransaction resolves object inputs)");
        }
    }

    public static Command command(dev.walrusstream.sui.rpc.proto.Command c, String where) {
        try {
            switch (c.getCommandCase()) {
                case MOVE_CALL: {
                    MoveCall m = c.getMoveCall();
                    List<TypeTag> types = new ArrayList<>();
                    for (int i = 0; i < m.getTypeArgumentsCount(); i++) {
                        types.add(typeTag(m.getTypeArguments(i), where + ".move_call.type_arguments[" + i + "]"));
                    }
                    return new Command.MoveCall(objectId(m.getPackage(), where + ".move_call.package"), m.getModule(),
                            m.getFunction(), types, arguments(m.getArgumentsList(), where + ".move_call.arguments"));
                }
                case TRANSFER_OBJECTS:
                    return new Command.TransferObjects(arguments(c.getTransferObjects().getObjectsList(),
                            where + ".transfer_objects.objects"), argument(c.getTransferObjects().getAddress(),
                            where + ".transfer_objects.address"));
                case SPLIT_COINS:
                    return new Command.SplitCoins(argument(c.getSplitCoins().getCoin(), where + ".split_coins.coin"),
                            arguments(c.getSplitCoins().getAmountsList(), where + ".split_coins.amounts"));
                case MERGE_COINS:
                    return new Command.MergeCoins(argument(c.getMergeCoins().getCoin(), where + ".merge_coins.coin"),
                            arguments(c.getMergeCoins().getCoinsToMergeList(), where + ".merge_coins.coins_to_merge"));
                case MAKE_MOVE_VECTOR: {
                    MakeMoveVector v = c.getMakeMoveVector();
                    return new Command.MakeMoveVec(v.hasElementType() ? Optional.of(typeTag(v.getElementType(),
                            where + ".make_move_vector.element_type")) : Optional.empty(),
                            arguments(v.getElementsList(), where + ".make_move_vector.elements"));
                }
                case PUBLISH: {
                    List<ObjectId> deps = new ArrayList<>();
                    for (String d : c.getPublish().getDependenciesList()) {
                        deps.add(objectId(d, where + ".publish.dependencies"));
                    }
                    return new Command.Publish(c.getPublish().getModulesList().stream().map(ByteString::toByteArray)
                            .toList(), deps);
                }
                case UPGRADE: {
                    Upgrade u = c.getUpgrade();
                    List<ObjectId> deps = new ArrayList<>();
                    for (String d : u.getDependenciesList()) {
                        deps.add(objectId(d, where + ".upgrade.dependencies"));
                    }
                    return new Command.Upgrade(u.getModulesList().stream().map(ByteString::toByteArray).toList(), deps,
                            objectId(u.getPackage(), where + ".upgrade.package"),
                            argument(u.getTicket(), where + ".upgrade.ticket"));
                }
                default:
                    throw new IllegalArgumentException(where + ": no command set");
            }
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(where) ? e
                    : new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static List<Argument> arguments(List<dev.walrusstream.sui.rpc.proto.Argument> list, String where) {
        List<Argument> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(argument(list.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    public static Argument argument(dev.walrusstream.sui.rpc.proto.Argument a, String where) {
        return switch (a.getKind()) {
            case GAS -> Argument.GAS_COIN;
            case INPUT -> Argument.input(a.getInput());
            case RESULT -> a.hasSubresult() ? Argument.nested(a.getResult(), a.getSubresult())
                    : Argument.result(a.getResult());
            default -> throw new IllegalArgumentException(where + ": argument of kind " + a.getKind());
        };
    }

    public static TransactionExpiration expiration(dev.walrusstream.sui.rpc.proto.TransactionExpiration e) {
        return switch (e.getKind()) {
            case NONE -> TransactionExpiration.NONE;
            case EPOCH -> new TransactionExpiration.Epoch(e.getEpoch());
            case VALID_DURING -> new TransactionExpiration.ValidDuring(
                    e.hasMinEpoch() ? OptionalLong.of(e.getMinEpoch()) : OptionalLong.empty(),
                    e.hasEpoch() ? OptionalLong.of(e.getEpoch()) : OptionalLong.empty(),
                    e.hasMinTimestamp() ? OptionalLong.of(millis(e.getMinTimestamp())) : OptionalLong.empty(),
                    e.hasMaxTimestamp() ? OptionalLong.of(millis(e.getMaxTimestamp())) : OptionalLong.empty(),
                    digest(e.getChain(), "transaction.expiration.chain"), Integer.toUnsignedLong(e.getNonce()));
            default -> throw new IllegalArgumentException("transaction.expiration: kind " + e.getKind()
                    + " is not supported");
        };
    }

    private static ObjectRef objectRef(Input in, String where) {
        ObjectId id = objectId(in.hasObjectId() ? in.getObjectId() : null, where + ".object_id");
        if (!in.hasVersion() || !in.hasDigest()) {
            throw new IllegalArgumentException(where + ": object " + id + " needs a version and a digest");
        }
        return new ObjectRef(id, in.getVersion(), digest(in.getDigest(), where + ".digest"));
    }

    private static ObjectRef ref(ObjectReference r, String where) {
        if (!r.hasVersion() || !r.hasDigest()) {
            throw new IllegalArgumentException(where + ": object " + r.getObjectId() + " needs a version and a digest");
        }
        return new ObjectRef(objectId(r.getObjectId(), where + ".object_id"), r.getVersion(),
                digest(r.getDigest(), where + ".digest"));
    }

    private static ObjectId objectId(String text, String where) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(where + " is missing");
        }
        try {
            return ObjectId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not an object ID: " + e.getMessage(), e);
        }
    }

    private static SuiAddress address(String text, String where) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(where + " is missing");
        }
        try {
            return SuiAddress.parsePrefixed(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not an address: " + e.getMessage(), e);
        }
    }

    private static SuiDigest digest(String text, String where) {
        try {
            return SuiDigest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a digest: " + e.getMessage(), e);
        }
    }

    private static TypeTag typeTag(String text, String where) {
        try {
            return TypeTag.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a type: " + e.getMessage(), e);
        }
    }

    private static Timestamp timestamp(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000)).setNanos((int) Math.floorMod(millis, 1000)
                * 1_000_000).build();
    }

    private static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }
}
