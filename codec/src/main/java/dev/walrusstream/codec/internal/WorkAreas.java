package dev.walrusstream.codec.internal;

import dev.walrusstream.codec.rs.ShardBuffer;

/**
 * Reuses one work area per thread and shape, so encoding a blob does not allocate (and zero) a
 * fresh area for every batch. Callers must not rely on a work area being zeroed: the Reed–Solomon
 * code zeroes what it needs.
 */
final class WorkAreas {
    private static final ThreadLocal<ShardBuffer[]> CACHE = ThreadLocal.withInitial(() -> new ShardBuffer[4]);

    private WorkAreas() {
    }

    static ShardBuffer get(int shardCount, int symbolSize, int symbolsPerShard) {
        ShardBuffer[] cache = CACHE.get();
        for (ShardBuffer b : cache) {
            if (b != null && b.hasShape(shardCount, symbolSize, symbolsPerShard)) {
                return b;
            }
        }
        ShardBuffer fresh = new ShardBuffer(shardCount, symbolSize, symbolsPerShard);
        System.arraycopy(cache, 0, cache, 1, cache.length - 1);
        cache[0] = fresh;
        return fresh;
    }
}
