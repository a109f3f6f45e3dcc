package dev.walrusstream.codec.rs;

import java.util.Arrays;

/**
 * A work area of equally sized shards for the Reed–Solomon engines.
 *
 * <p>Walrus codes each symbol of S bytes as reed-solomon-simd does a shard: S/2 field elements, in
 * 64-byte blocks of 32 low bytes then 32 high bytes, and a final partial block of t bytes holding
 * t/2 low bytes then t/2 high bytes. Every element position is an independent codeword, so one
 * work shard can carry many symbols at once and the engines only ever see whole 64-byte blocks:
 * <ul>
 *   <li>each symbol's full blocks are copied as they are, symbol after symbol;</li>
 *   <li>the partial tails (h = t/2 elements each) are packed ⌊32/h⌋ to a block after them, low
 *       bytes in lanes [j·h, j·h+h) of the first half, high bytes in the same lanes of the second.</li>
 * </ul>
 * The unused lanes of a tail block are scratch; results in the used lanes are exactly the crate's.
 */
public final class ShardBuffer {
    public static final int BLOCK = 64;
    private static final int HALF = 32;

    private final byte[] data;
    private final int shardCount;
    private final int symbolSize;
    private final int symbolsPerShard;
    private final int fullBlocks;
    private final int tailElements;
    private final int tailsPerBlock;
    private final int blocksPerShard;
    private final int shardBytes;

    public ShardBuffer(int shardCount, int symbolSize, int symbolsPerShard) {
        if (symbolSize <= 0 || (symbolSize & 1) != 0) {
            throw new IllegalArgumentException("symbol size must be positive and even, got " + symbolSize);
        }
        if (shardCount <= 0 || symbolsPerShard <= 0) {
            throw new IllegalArgumentException("need at least one shard of one symbol, got "
                    + shardCount + " shards of " + symbolsPerShard + " symbols");
        }
        this.shardCount = shardCount;
        this.symbolSize = symbolSize;
        this.symbolsPerShard = symbolsPerShard;
        this.fullBlocks = symbolSize / BLOCK;
        this.tailElements = (symbolSize % BLOCK) / 2;
        this.tailsPerBlock = tailElements == 0 ? 0 : HALF / tailElements;
        int tailBlocks = tailElements == 0 ? 0 : (symbolsPerShard + tailsPerBlock - 1) / tailsPerBlock;
        long blocks = (long) symbolsPerShard * fullBlocks + tailBlocks;
        long total = blocks * BLOCK * shardCount;
        if (total > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("shard buffer of " + total + " bytes is too large");
        }
        this.blocksPerShard = (int) blocks;
        this.shardBytes = blocksPerShard * BLOCK;
        this.data = new byte[(int) total];
    }

    /** Whether this buffer has exactly this shape, so it can be reused for it. */
    public boolean hasShape(int shardCount, int symbolSize, int symbolsPerShard) {
        return this.shardCount == shardCount && this.symbolSize == symbolSize && this.symbolsPerShard == symbolsPerShard;
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

    /** Whole 64-byte blocks per shard; engines process exactly these. */
    public int blocksPerShard() {
        return blocksPerShard;
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

    /** Copies {@code count} symbols stored back to back at {@code src[srcOffset..]} into slots {@code first..}. */
    public void putSymbols(int shard, int first, byte[] src, int srcOffset, int count) {
        for (int q = 0; q < count; q++) {
            putSymbol(shard, first + q, src, srcOffset + q * symbolSize);
        }
    }

    public void putSymbol(int shard, int slot, byte[] src, int srcOffset) {
        int base = offset(shard);
        int full = fullBlocks * BLOCK;
        if (full > 0) {
            System.arraycopy(src, srcOffset, data, base + slot * full, full);
        }
        if (tailElements > 0) {
            int at = tailOffset(base, slot);
            System.arraycopy(src, srcOffset + full, data, at, tailElements);
            System.arraycopy(src, srcOffset + full + tailElements, data, at + HALF, tailElements);
        }
    }

    /** Copies symbols out of slots {@code first..} to {@code dst[dstOffset..]}, back to back. */
    public void getSymbols(int shard, int first, byte[] dst, int dstOffset, int count) {
        for (int q = 0; q < count; q++) {
            getSymbol(shard, first + q, dst, dstOffset + q * symbolSize);
        }
    }

    public void getSymbol(int shard, int slot, byte[] dst, int dstOffset) {
        int base = offset(shard);
        int full = fullBlocks * BLOCK;
        if (full > 0) {
            System.arraycopy(data, base + slot * full, dst, dstOffset, full);
        }
        if (tailElements > 0) {
            int at = tailOffset(base, slot);
            System.arraycopy(data, at, dst, dstOffset + full, tailElements);
            System.arraycopy(data, at + HALF, dst, dstOffset + full + tailElements, tailElements);
        }
    }

    private int tailOffset(int shardBase, int slot) {
        int block = symbolsPerShard * fullBlocks + slot / tailsPerBlock;
        return shardBase + block * BLOCK + (slot % tailsPerBlock) * tailElements;
    }
}
