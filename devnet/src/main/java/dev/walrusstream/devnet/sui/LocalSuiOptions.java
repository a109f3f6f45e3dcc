package dev.walrusstream.devnet.sui;

/**
 * How a local Sui ledger starts, fixed at creation (kept in {@code sui.json}): the reference gas
 * price in MIST, how many WAL coins each funded account's genesis WAL is split into (several
 * coins let concurrent writers pay without sharing one), and the SUI each funded account gets
 * for gas, in how many coins.
 */
public record LocalSuiOptions(long referenceGasPrice, int walCoinsPerAccount, int suiCoinsPerAccount, long suiPerCoin) {
    /** 1000 MIST gas price (Sui mainnet's order), WAL in 4 coins, 4 coins of 100 SUI. */
    public static final LocalSuiOptions DEFAULTS = new LocalSuiOptions(1_000, 4, 4, 100_000_000_000L);

    public LocalSuiOptions {
        if (referenceGasPrice < 1 || walCoinsPerAccount < 1 || suiCoinsPerAccount < 0 || suiPerCoin < 0) {
            throw new IllegalArgumentException("local Sui options must be positive: gas price " + referenceGasPrice
                    + ", WAL coins " + walCoinsPerAccount + ", SUI coins " + suiCoinsPerAccount + " of " + suiPerCoin);
        }
    }
}
