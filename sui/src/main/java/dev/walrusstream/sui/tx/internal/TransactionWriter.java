package dev.walrusstream.sui.tx.internal;

import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.StructTag;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;
import dev.walrusstream.sui.tx.TypeTag;

import java.util.List;
import java.util.OptionalLong;

/** BCS encoder for {@code TransactionData::V1} with a programmable transaction. */
public final class TransactionWriter {
    private final BcsWriter w = new BcsWriter(512);

    private TransactionWriter() {
    }

    public static byte[] write(TransactionData tx) {
        TransactionWriter t = new TransactionWriter();
        t.w.uleb128(0); // TransactionData::V1
        t.w.uleb128(0); // TransactionKind::ProgrammableTransaction
        t.programmable(tx.kind());
        t.w.fixedBytes(tx.sender().bytes());
        t.gas(tx.gasData());
        t.expiration(tx.expiration());
        return t.w.toByteArray();
    }

    public static byte[] writeTypeTag(TypeTag tag) {
        TransactionWriter t = new TransactionWriter();
        t.typeTag(tag);
        return t.w.toByteArray();
    }

    private void programmable(ProgrammableTransaction pt) {
        w.uleb128(pt.inputs().size());
        for (CallArg in : pt.inputs()) {
            callArg(in);
        }
        w.uleb128(pt.commands().size());
        for (Command c : pt.commands()) {
            command(c);
        }
    }

    private void callArg(CallArg arg) {
        if (arg instanceof CallArg.Pure p) {
            w.uleb128(0).bytes(p.bcs());
        } else if (arg instanceof CallArg.ImmOrOwnedObject o) {
            w.uleb128(1).uleb128(0);
            objectRef(o.ref());
        } else if (arg instanceof CallArg.SharedObject s) {
            w.uleb128(1).uleb128(1).fixedBytes(s.objectId().bytes()).u64(s.initialSharedVersion())
                    .u8(s.mutability().ordinal());
        } else if (arg instanceof CallArg.Receiving r) {
            w.uleb128(1).uleb128(2);
            objectRef(r.ref());
        } else if (arg instanceof CallArg.FundsWithdrawal f) {
            w.uleb128(2);
            w.uleb128(0).u64(f.maxAmount()); // Reservation::MaxAmountU64
            w.uleb128(0); // WithdrawalType::Balance
            typeTag(f.balanceType());
            w.uleb128(f.fromSponsor() ? 1 : 0);
        }
    }

    private void objectRef(ObjectRef ref) {
        w.fixedBytes(ref.objectId().bytes()).u64(ref.version()).bytes(ref.digest().bytes());
    }

    private void command(Command command) {
        if (command instanceof Command.MoveCall m) {
            w.uleb128(0).fixedBytes(m.packageId().bytes()).string(m.module()).string(m.function());
            w.uleb128(m.typeArguments().size());
            for (TypeTag t : m.typeArguments()) {
                typeTag(t);
            }
            arguments(m.arguments());
        } else if (command instanceof Command.TransferObjects t) {
            w.uleb128(1);
            arguments(t.objects());
            argument(t.address());
        } else if (command instanceof Command.SplitCoins s) {
            w.uleb128(2);
            argument(s.coin());
            arguments(s.amounts());
        } else if (command instanceof Command.MergeCoins m) {
            w.uleb128(3);
            argument(m.destination());
            arguments(m.sources());
        } else if (command instanceof Command.Publish p) {
            w.uleb128(4);
            modules(p.modules());
            w.uleb128(p.dependencies().size());
            p.dependencies().forEach(d -> w.fixedBytes(d.bytes()));
        } else if (command instanceof Command.MakeMoveVec v) {
            w.uleb128(5);
            if (v.elementType().isPresent()) {
                w.u8(1);
                typeTag(v.elementType().get());
            } else {
                w.u8(0);
            }
            arguments(v.elements());
        } else if (command instanceof Command.Upgrade u) {
            w.uleb128(6);
            modules(u.modules());
            w.uleb128(u.dependencies().size());
            u.dependencies().forEach(d -> w.fixedBytes(d.bytes()));
            w.fixedBytes(u.packageId().bytes());
            argument(u.ticket());
        }
    }

    private void modules(List<byte[]> modules) {
        w.uleb128(modules.size());
        modules.forEach(w::bytes);
    }

    private void arguments(List<Argument> args) {
        w.uleb128(args.size());
        args.forEach(this::argument);
    }

    private void argument(Argument a) {
        if (a instanceof Argument.GasCoin) {
            w.uleb128(0);
        } else if (a instanceof Argument.Input in) {
            w.uleb128(1).u16(in.index());
        } else if (a instanceof Argument.Result r) {
            w.uleb128(2).u16(r.command());
        } else if (a instanceof Argument.NestedResult n) {
            w.uleb128(3).u16(n.command()).u16(n.result());
        }
    }

    private void typeTag(TypeTag tag) {
        w.uleb128(tag.variant());
        if (tag instanceof TypeTag.Vector v) {
            typeTag(v.element());
        } else if (tag instanceof StructTag s) {
            w.fixedBytes(s.address().bytes()).string(s.module()).string(s.name());
            w.uleb128(s.typeParams().size());
            s.typeParams().forEach(this::typeTag);
        }
    }

    private void gas(GasData gas) {
        w.uleb128(gas.payment().size());
        gas.payment().forEach(this::objectRef);
        w.fixedBytes(gas.owner().bytes()).u64(gas.price()).u64(gas.budget());
    }

    private void expiration(TransactionExpiration e) {
        if (e instanceof TransactionExpiration.None) {
            w.uleb128(0);
        } else if (e instanceof TransactionExpiration.Epoch epoch) {
            w.uleb128(1).u64(epoch.epoch());
        } else if (e instanceof TransactionExpiration.ValidDuring v) {
            w.uleb128(2);
            option(v.minEpoch());
            option(v.maxEpoch());
            option(v.minTimestampMs());
            option(v.maxTimestampMs());
            w.bytes(v.chain().bytes()).u32(v.nonce());
        }
    }

    private void option(OptionalLong value) {
        if (value.isPresent()) {
            w.u8(1).u64(value.getAsLong());
        } else {
            w.u8(0);
        }
    }
}
