package dev.walrusstream.sui.exec;

import dev.walrusstream.sui.rpc.GasCostSummary;

/** A dry run's verdict: the gas it used at {@code gasPrice} and the budget a real run gets. */
public record GasEstimate(long gasPrice, GasCostSummary simulated, long budget) {
}
