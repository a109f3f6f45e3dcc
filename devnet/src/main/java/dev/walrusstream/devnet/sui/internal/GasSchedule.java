package dev.walrusstream.devnet.sui.internal;

/**
 * Gas on the local Sui ledger, in MIST (10⁻⁹ SUI), shaped like Sui's: computation units times the
 * gas price, storage fees per byte of every object written, 99 % of an object's earlier fee
 * rebated when it is rewritten or deleted. The figures are of Sui's order of magnitude but not
 * Sui's schedule.
 */
public final class GasSchedule {
    /** Units every transaction costs. */
    public static final long BASE_COMPUTATION_UNITS = 1_000;
    /** Extra units of {@code certify_blob} (checking the BLS certificate). */
    public static final long CERTIFY_COMPUTATION_UNITS = 3_000;
    /** MIST per byte of object stored. */
    public static final long STORAGE_PRICE_PER_BYTE = 7_600;
    /** Bytes charged per object besides its contents (ID, owner, type, version). */
    public static final long OBJECT_OVERHEAD_BYTES = 100;
    /** Share of an object's storage fee given back when it is rewritten or deleted, in basis points. */
    public static final long REBATE_BASIS_POINTS = 9_900;
    /** Largest budget a transaction may set: 50 SUI. */
    public static final long MAX_BUDGET = 50_000_000_000L;

    private GasSchedule() {
    }

    public static long storageCost(int contentsBytes) {
        return (contentsBytes + OBJECT_OVERHEAD_BYTES) * STORAGE_PRICE_PER_BYTE;
    }

    public static long rebate(long storageCost) {
        return storageCost * REBATE_BASIS_POINTS / 10_000;
    }

    /** Smallest budget accepted at {@code gasPrice}: the base computation. */
    public static long minBudget(long gasPrice) {
        return BASE_COMPUTATION_UNITS * gasPrice;
    }
}
