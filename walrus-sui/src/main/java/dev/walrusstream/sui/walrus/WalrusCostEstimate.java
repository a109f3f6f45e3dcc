package dev.walrusstream.sui.walrus;

import dev.walrusstream.sui.exec.GasEstimate;

/** What a registration will cost before paying: WAL (FROST) from the prices, SUI gas from a dry run. */
public record WalrusCostEstimate(long walStorageCost, long walWriteCost, GasEstimate gas) {
    public long walTotal() {
        return Math.addExact(walStorageCost, walWriteCost);
    }
}
