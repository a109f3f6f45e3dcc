package dev.walrusstream.sui.tx.internal;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.SharedMutability;
import dev.walrusstream.sui.tx.StructTag;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;
import dev.walrusstream.sui.tx.TypeTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * BCS decoder for {@code TransactionData::V1} with a programmable transaction. Rejects other
 * transaction kinds, unknown enum variants and trailing bytes; every error names the offset.
 */
public final class TransactionReader {
    private static final String[] KIND_NAMES = {"ProgrammableTransaction", "ChangeEpoch", "Genesis",
        "ConsensusCommitPrologue", "AuthenticatorStateUpdate", "EndOfEpochTransaction", "RandomnessStateUpdate",
        "ConsensusCommitPrologueV2", "ConsensusCommitPrologueV3", "ConsensusCommitPrologueV4",
        "ProgrammableSystemTransaction"};

    private final BcsReader r;

    private TransactionReader(byte[] bcs) {
        this.r = new BcsReader(bcs);
    }

    public static TransactionData read(byte[] bcs) {
        TransactionReader t = new TransactionReader(bcs);
        TransactionData tx = t.transactionData();
        t.r.expectEnd("TransactionData");
        return tx;
    }

    public static TypeTag readTypeTag(byte[] bcs) {
        TransactionReader t = new TransactionReader(bcs);
        TypeTag tag = t.typeTag(0);
        t.r.expectEnd("TypeTag");
        return tag;
    }

    private TransactionData transactionData() {
        int at = r.position();
        int version = r.uleb128();
        if (version != 0) {
            throw new BcsException("TransactionData version " + version + " at offset " + at
                    + " is not supported (only V1 = 0)");
        }
        at = r.position();
        int kind = r.uleb128();
        if (kind != 0) {
            String name = kind < KIND_NAMES.length ? KIND_NAMES[kind] : "unknown kind";
            throw new BcsException("transaction kind " + kind + " (" + name + ") at offset " + at
                    + " is not supported: only ProgrammableTransaction (0)");
        }
        ProgrammableTransaction pt = programmable();
        SuiAddress sender = SuiAddress.of(r.fixedBytes(32));
        GasData gas = gas();
        TransactionExpiration expiration = expiration();
        try {
            return new TransactionData(pt, sender, gas, expiration);
        } catch (IllegalArgumentException e) {
            throw new BcsException("invalid TransactionData: " + e.getMessage());
        }
    }

    private ProgrammableTransaction programmable() {
        int inputCount = count("inputs");
        List<CallArg> inputs = new ArrayList<>(inputCount);
        for (int i = 0; i < inputCount; i++) {
            inputs.add(callArg());
        }
        int commandCount = count("commands");
        List<Command> commands = new ArrayList<>(commandCount);
        for (int i = 0; i < commandCount; i++) {
            commands.add(command());
        }
        try {
            return new ProgrammableTransaction(inputs, commands);
        } catch (IllegalArgumentException e) {
            throw new BcsException("invalid programmable transaction: " + e.getMessage());
        }
    }

    private CallArg callArg() {
        int at = r.position();
        int tag = r.uleb128();
        switch (tag) {
            case 0:
                return new CallArg.Pure(r.bytes());
            case 1: {
                int objAt = r.position();
                int objectTag = r.uleb128();
                switch (objectTag) {
                    case 0:
                        return new CallArg.ImmOrOwnedObject(objectRef());
                    case 1: {
                        ObjectId id = ObjectId.of(r.fixedBytes(32));
                        long isv = r.u64();
                        int mutAt = r.position();
                        int mutability = r.u8();
                        if (mutability > 2) {
                            throw new BcsException("unknown shared object mutability " + mutability
                                    + " at offset " + mutAt);
                        }
                        return new CallArg.SharedObject(id, isv, SharedMutability.fromBcs(mutability));
                    }
                    case 2:
                        return new CallArg.Receiving(objectRef());
                    default:
                        throw new BcsException("unknown ObjectArg variant " + objectTag + " at offset " + objAt);
                }
            }
            case 2: {
                expectVariant(0, "FundsWithdrawal reservation");
                long amount = r.u64();
                expectVariant(0, "FundsWithdrawal type");
                TypeTag type = typeTag(0);
                int fromAt = r.position();
                int from = r.uleb128();
                if (from > 1) {
                    throw new BcsException("unknown withdrawal source " + from + " at offset " + fromAt);
                }
                return new CallArg.FundsWithdrawal(amount, type, from == 1);
            }
            default:
                throw new BcsException("unknown CallArg variant " + tag + " at offset " + at);
        }
    }

    private void expectVariant(int expected, String what) {
        int at = r.position();
        int v = r.uleb128();
        if (v != expected) {
            throw new BcsException("unknown " + what + " variant " + v + " at offset " + at);
        }
    }

    private ObjectRef objectRef() {
        ObjectId id = ObjectId.of(r.fixedBytes(32));
        long version = r.u64();
        return new ObjectRef(id, version, digest());
    }

    private SuiDigest digest() {
        int at = r.position();
        byte[] raw = r.bytes();
        if (raw.length != 32) {
            throw new BcsException("digest at offset " + at + " has " + raw.length + " bytes, expected 32");
        }
        return SuiDigest.of(raw);
    }

    private Command command() {
        int at = r.position();
        int tag = r.uleb128();
        try {
            switch (tag) {
                case 0: {
                    ObjectId pkg = ObjectId.of(r.fixedBytes(32));
                    String module = r.string();
                    String function = r.string();
                    int typeCount = count("type arguments");
                    List<TypeTag> types = new ArrayList<>(typeCount);
                    for (int i = 0; i < typeCount; i++) {
                        types.add(typeTag(0));
                    }
                    return new Command.MoveCall(pkg, module, function, types, arguments());
                }
                case 1: {
                    List<Argument> objects = arguments();
                    return new Command.TransferObjects(objects, argument());
                }
                case 2: {
                    Argument coin = argument();
                    return new Command.SplitCoins(coin, arguments());
                }
                case 3: {
                    Argument destination = argument();
                    return new Command.MergeCoins(destination, arguments());
                }
                case 4:
                    return new Command.Publish(modules(), objectIds());
                case 5: {
                    int optAt = r.position();
                    int present = r.u8();
                    if (present > 1) {
                        throw new BcsException("invalid Option tag " + present + " at offset " + optAt);
                    }
                    Optional<TypeTag> type = present == 1 ? Optional.of(typeTag(0)) : Optional.empty();
                    return new Command.MakeMoveVec(type, arguments());
                }
                case 6: {
                    List<byte[]> modules = modules();
                    List<ObjectId> deps = objectIds();
                    ObjectId pkg = ObjectId.of(r.fixedBytes(32));
                    return new Command.Upgrade(modules, deps, pkg, argument());
                }
                default:
                    throw new BcsException("unknown Command variant " + tag + " at offset " + at);
            }
        } catch (BcsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BcsException("invalid command at offset " + at + ": " + e.getMessage());
        }
    }

    private List<byte[]> modules() {
        int n = count("modules");
        List<byte[]> modules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            modules.add(r.bytes());
        }
        return modules;
    }

    private List<ObjectId> objectIds() {
        int n = count("dependencies");
        List<ObjectId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(ObjectId.of(r.fixedBytes(32)));
        }
        return ids;
    }

    private List<Argument> arguments() {
        int n = count("arguments");
        List<Argument> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(argument());
        }
        return args;
    }

    private Argument argument() {
        int at = r.position();
        int tag = r.uleb128();
        switch (tag) {
            case 0:
                return Argument.GAS_COIN;
            case 1:
                return new Argument.Input(r.u16());
            case 2:
                return new Argument.Result(r.u16());
            case 3: {
                int command = r.u16();
                return new Argument.NestedResult(command, r.u16());
            }
            default:
                throw new BcsException("unknown Argument variant " + tag + " at offset " + at);
        }
    }

    private TypeTag typeTag(int depth) {
        int at = r.position();
        if (depth > 16) {
            throw new BcsException("type tag nested deeper than 16 levels at offset " + at);
        }
        int tag = r.uleb128();
        for (TypeTag.Primitive p : TypeTag.Primitive.values()) {
            if (p.variant() == tag) {
                return p;
            }
        }
        if (tag == 6) {
            return new TypeTag.Vector(typeTag(depth + 1));
        }
        if (tag == 7) {
            SuiAddress address = SuiAddress.of(r.fixedBytes(32));
            String module = r.string();
            String name = r.string();
            int n = count("type parameters");
            List<TypeTag> params = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                params.add(typeTag(depth + 1));
            }
            try {
                return new StructTag(address, module, name, params);
            } catch (IllegalArgumentException e) {
                throw new BcsException("invalid struct tag at offset " + at + ": " + e.getMessage());
            }
        }
        throw new BcsException("unknown TypeTag variant " + tag + " at offset " + at);
    }

    private GasData gas() {
        int n = count("gas payment");
        List<ObjectRef> payment = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            payment.add(objectRef());
        }
        SuiAddress owner = SuiAddress.of(r.fixedBytes(32));
        long price = r.u64();
        long budget = r.u64();
        return new GasData(payment, owner, price, budget);
    }

    private TransactionExpiration expiration() {
        int at = r.position();
        int tag = r.uleb128();
        switch (tag) {
            case 0:
                return TransactionExpiration.NONE;
            case 1:
                return new TransactionExpiration.Epoch(r.u64());
            case 2: {
                OptionalLong minEpoch = option();
                OptionalLong maxEpoch = option();
                OptionalLong minTs = option();
                OptionalLong maxTs = option();
                SuiDigest chain = digest();
                long nonce = r.u32();
                return new TransactionExpiration.ValidDuring(minEpoch, maxEpoch, minTs, maxTs, chain, nonce);
            }
            default:
                throw new BcsException("unknown TransactionExpiration variant " + tag + " at offset " + at);
        }
    }

    private OptionalLong option() {
        int at = r.position();
        int present = r.u8();
        if (present > 1) {
            throw new BcsException("invalid Option tag " + present + " at offset " + at);
        }
        return present == 1 ? OptionalLong.of(r.u64()) : OptionalLong.empty();
    }

    /** A vector length; every element takes at least one byte, so longer claims are malformed. */
    private int count(String what) {
        int at = r.position();
        int n = r.uleb128();
        if (n > r.remaining()) {
            throw new BcsException(what + " count " + n + " at offset " + at + " exceeds the "
                    + r.remaining() + " bytes left");
        }
        return n;
    }
}
