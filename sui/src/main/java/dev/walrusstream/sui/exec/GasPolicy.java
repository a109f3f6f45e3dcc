package dev.walrusstream.sui.exec;

import java.time.Duration;

/**
 * Gas limits in MIST (1 SUI = 10^9 MIST): the gas coins reserved for the dry run (which also caps
 * the dry-run budget), the largest budget any transaction may get, and how long to wait for a gas
 * coin that another writer holds.
 */
public record GasPolicy(long dryRunReserve, long maxBudget, Duration coinWait) {
    /** 0.05 SUI reserved for dry runs, 2 SUI budget ceiling, 30 s wait for a free gas coin. */
    public static final GasPolicy DEFAULT = new GasPolicy(50_000_000L, 2_000_000_000L, Duration.ofSeconds(30));

    public GasPolicy {
        if (dryRunReserve <= 0 || maxBudget <= 0) {
            throw new IllegalArgumentException("gas amounts must be positive: dry-run reserve " + dryRunReserve
                    + ", max budget " + maxBudget);
        }
        if (coinWait.isNegative()) {
            throw new IllegalArgumentException("coin wait must not be negative: " + coinWait);
        }
    }

    /**
     * The budget for a simulated gas use, as the Sui SDKs compute it: overhead = 1000 × price;
     * base = computation + overhead; budget = max(base, base + storage − rebate).
     */
    public static long budgetFor(long computationCost, long storageCost, long storageRebate, long gasPrice) {
        long base = Math.addExact(computationCost, Math.multiplyExact(1000L, gasPrice));
        return Math.max(base, base + storageCost - storageRebate);
    }
}
