package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An input of a programmable transaction. BCS: {@code CallArg} enum Pure 0 (vector<u8> holding the
 * value's BCS), Object 1 ({@code ObjectArg}: ImmOrOwnedObject 0, SharedObject 1, Receiving 2),
 * FundsWithdrawal 2. This type flattens the two levels; the codec writes both tags.
 */
public sealed interface CallArg
        permits CallArg.Pure, CallArg.ImmOrOwnedObject, CallArg.SharedObject, CallArg.Receiving,
        CallArg.FundsWithdrawal {

    /** A pure value: the BCS bytes of the value (see {@link Pure} for encoders). */
    record Pure(byte[] bcs) implements CallArg {
        public Pure {
            bcs = bcs.clone();
        }

        @Override
        public byte[] bcs() {
            return bcs.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pure p && Arrays.equals(bcs, p.bcs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bcs);
        }

        @Override
        public String toString() {
            return "Pure[" + HexFormat.of().formatHex(bcs) + "]";
        }
    }

    /** An owned or immutable object at an exact version. */
    record ImmOrOwnedObject(ObjectRef ref) implements CallArg {
        public ImmOrOwnedObject {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /** A shared object named by ID and the version at which it became shared. */
    record SharedObject(ObjectId objectId, long initialSharedVersion, SharedMutability mutability)
            implements CallArg {
        public SharedObject {
            Objects.requireNonNull(objectId, "objectId");
            Objects.requireNonNull(mutability, "mutability");
        }
    }

    /** An object sent to an object, received in this transaction ({@code Receiving<T>}). */
    record Receiving(ObjectRef ref) implements CallArg {
        public Receiving {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /**
     * A withdrawal from an address balance: reservation {@code MaxAmountU64(amount)}, type
     * {@code Balance(T)}, from the sender (0) or the sponsor (1).
     */
    record FundsWithdrawal(long maxAmount, TypeTag balanceType, boolean fromSponsor) implements CallArg {
        public FundsWithdrawal {
            Objects.requireNonNull(balanceType, "balanceType");
        }
    }
}
