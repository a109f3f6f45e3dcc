package dev.walrusstream.sui.rpc;

/** Gas charged by a transaction, in MIST (1 SUI = 10^9 MIST). */
public record GasCostSummary(long computationCost, long storageCost, long storageRebate,
                             long nonRefundableStorageFee) {
    public static final GasCostSummary ZERO = new GasCostSummary(0, 0, 0, 0);

    /** What the sender pays in the end: computation + storage − rebate (may be negative). */
    public long netCost() {
        return computationCost + storageCost - storageRebate;
    }
}
