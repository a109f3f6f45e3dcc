package dev.walrusstream.codec.rs;

import java.util.Arrays;

/**
 * A work area of equally sized shards, back to back in one array. A shard is a run of
 * {@code symbolsPerShard} Walrus symbols of {@code symbolSize} bytes each, every symbol in the byte
 * layout reed-solomon-simd gives a shard: 64-byte blocks of 32 low bytes then 32 high bytes of 32
 * field elements, and a final partial block of t bytes with t/2 low bytes then t/2 high bytes.
 * Because every field element position is an independent codeword, putting several symbols in one
 * shard encodes them all at once with the very bytes per-symbol coding would give.
 *
 * <p>The array has {@value #SLACK} spare bytes at the end so vector kernels may read a little past
 * the last shard.
 */
public final class ShardBuffer {
    public static final int SLACK = 64;

    private final byte[] data;
    private final int shardCount;
    private final int symbolSize;
    private final int symbolsPerShard;
    private final int shardBytes;

    public ShardBuffer(int shardCount, int symbolSize, int symbolsPerShard) {
        if (symbolSize <= 0 || (symbolSize & 1) != 0) {
            throw new IllegalArgumentException("symbol size must be positive and even, got " + symbolSize);
        }
        if (shardCount <= 0 || symbolsPerShard <= 0) {
            throw new IllegalArgumentException("need at least one shard of one symbol, got "
                    + shardCount + " shards of " + symbolsPerShard + " symbols");
        }
        long total = (long) shardCount * symbolSize * symbolsPerShard + SLACK;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("shard buffer of " + total + " bytes is too large");
        }
        this.shardCount = shardCount;
        this.symbolSize = symbolSize;
        this.symbolsPerShard = symbolsPerShard;
        this.shardBytes = symbolSize * symbolsPerShard;
        this.data = new byte[(int) total];
    }

    public byte[] data() {
        return data;
    }

    public int shardCount() {
        return shardCount;
    }

    public int symbolSize() {
        return symbolSize;
    }

    public int symbolsPerShard() {
        return symbolsPerShard;
    }

    public int shardBytes() {
        return shardBytes;
    }

    public int offset(int shard) {
        return shard * shardBytes;
    }

    public void zero(int fromShard, int toShard) {
        if (toShard > fromShard) {
            Arrays.fill(data, offset(fromShard), offset(toShard), (byte) 0);
        }
    }

    /** shards [dst, dst+count) ^= shards [src, src+count); ranges must not overlap. */
    public void xor(int dst, int src, int count) {
        int d = offset(dst);
        int s = offset(src);
        int n = count * shardBytes;
        for (int i = 0; i < n; i++) {
            data[d + i] ^= data[s + i];
        }
    }

    public void copyShards(int src, int dst, int count) {
        System.arraycopy(data, offset(src), data, offset(dst), count * shardBytes);
    }

    /** Copies symbol bytes in: {@code length} bytes into shard {@code shard} at byte {@code at}. */
    public void put(int shard, int at, byte[] src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, data, offset(shard) + at, length);
    }

    public void get(int shard, int at, byte[] dst, int dstOffset, int length) {
        System.arraycopy(data, offset(shard) + at, dst, dstOffset, length);
    }
}
