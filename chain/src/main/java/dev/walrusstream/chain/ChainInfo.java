package dev.walrusstream.chain;

/**
 * What a chain says about itself: its kind ({@code "local"} for LocalChain, {@code "sui"} for Sui),
 * a plain-language description, the system parameters Walrus keeps on chain and the current epoch.
 * Prices are in FROST (10⁻⁹ WAL) per {@link #UNIT_SIZE} byte unit (per epoch for storage).
 */
public record ChainInfo(String kind, String description, String chainId, int nShards, int epoch,
                        long storagePricePerUnitSize, long writePricePerUnitSize, int maxEpochsAhead) {
    /** Storage is priced in units of 1 MiB. */
    public static final long UNIT_SIZE = 1024 * 1024;

    /** Units of 1 MiB needed for {@code bytes}. */
    public static long storageUnits(long bytes) {
        return (bytes + UNIT_SIZE - 1) / UNIT_SIZE;
    }

    /** What reserving {@code bytes} for {@code epochs} epochs costs. */
    public long storageCost(long bytes, int epochs) {
        return Math.multiplyExact(Math.multiplyExact(storagePricePerUnitSize, storageUnits(bytes)), epochs);
    }

    /** What registering a blob of {@code encodedLength} bytes costs. */
    public long writeCost(long encodedLength) {
        return Math.multiplyExact(writePricePerUnitSize, storageUnits(encodedLength));
    }
}
