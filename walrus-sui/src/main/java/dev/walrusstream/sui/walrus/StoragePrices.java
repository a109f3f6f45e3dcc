package dev.walrusstream.sui.walrus;

/**
 * Walrus prices from {@code SystemStateInnerV1}, in FROST (1 WAL = 10^9 FROST) per storage unit
 * of 1 MiB of <em>encoded</em> size: storage per unit per epoch, and a one-time write price.
 */
public record StoragePrices(long storagePricePerUnitSize, long writePricePerUnitSize) {
    public static final long BYTES_PER_UNIT_SIZE = 1024L * 1024;

    public StoragePrices {
        if (storagePricePerUnitSize < 0 || writePricePerUnitSize < 0) {
            throw new IllegalArgumentException("prices must not be negative: storage " + storagePricePerUnitSize
                    + ", write " + writePricePerUnitSize);
        }
    }

    /** ceil(encodedSize / 1 MiB). */
    public static long storageUnits(long encodedSize) {
        if (encodedSize < 0) {
            throw new IllegalArgumentException("encoded size must not be negative: " + encodedSize);
        }
        return (encodedSize + BYTES_PER_UNIT_SIZE - 1) / BYTES_PER_UNIT_SIZE;
    }

    /** What {@code reserve_space(encodedSize, epochsAhead)} charges. */
    public long storageCost(long encodedSize, int epochsAhead) {
        return Math.multiplyExact(Math.multiplyExact(storageUnits(encodedSize), storagePricePerUnitSize),
                (long) epochsAhead);
    }

    /** What {@code register_blob} charges. */
    public long writeCost(long encodedSize) {
        return Math.multiplyExact(storageUnits(encodedSize), writePricePerUnitSize);
    }

    /** WAL needed for reserve_space + register_blob of one blob. */
    public long registrationCost(long encodedSize, int epochsAhead) {
        return Math.addExact(storageCost(encodedSize, epochsAhead), writeCost(encodedSize));
    }
}
