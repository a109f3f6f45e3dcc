package dev.walrusstream.sui.tx;

/**
 * How a transaction uses a shared object: BCS u8 enum Immutable 0, Mutable 1, NonExclusiveWrite 2
 * (0 and 1 are byte-identical to the older {@code mutable: bool}).
 */
public enum SharedMutability {
    IMMUTABLE,
    MUTABLE,
    NON_EXCLUSIVE_WRITE;

    public static SharedMutability of(boolean mutable) {
        return mutable ? MUTABLE : IMMUTABLE;
    }

    public static SharedMutability fromBcs(int value) {
        if (value < 0 || value >= values().length) {
            throw new IllegalArgumentException("unknown shared object mutability " + value);
        }
        return values()[value];
    }

    /** The stronger of two uses: an object used mutably anywhere is a mutable input. */
    public SharedMutability strongest(SharedMutability other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
