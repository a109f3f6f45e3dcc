package dev.walrusstream.codec.internal;

/** How many symbols to put in one shard so a work area stays cache-sized. */
final class Batches {
    /** Target size of one work area: small enough for L2, large enough to amortise per-shard work. */
    static final int TARGET_WORK_BYTES = Integer.getInteger("walrus.codec.workBytes", 1024 * 1024);

    private Batches() {
    }

    static int symbolsPerShard(int workShards, int symbolSize, int available) {
        long perSymbol = (long) workShards * symbolSize;
        int m = (int) Math.max(1, TARGET_WORK_BYTES / perSymbol);
        return Math.max(1, Math.min(m, available));
    }
}
