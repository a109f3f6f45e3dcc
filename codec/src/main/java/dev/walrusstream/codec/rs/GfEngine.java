package dev.walrusstream.codec.rs;

/**
 * The hot kernel of the Reed–Solomon code: the additive FFT and IFFT over GF(2^16) and multiplication
 * of a shard by a constant. Engines differ only in speed; {@link ReferenceEngine} is the plain
 * definition every faster engine is tested against.
 */
public interface GfEngine {

    String name();

    /**
     * In-place decimation-in-time FFT of shards {@code [pos, pos+size)} ({@code size} a power of two).
     * Afterwards shards {@code [pos, pos+truncatedSize)} hold the result.
     */
    void fft(ShardBuffer data, int pos, int size, int truncatedSize, int skewDelta);

    /** In-place IFFT; the inputs beyond {@code truncatedSize} must be zero. */
    void ifft(ShardBuffer data, int pos, int size, int truncatedSize, int skewDelta);

    /** shard *= the element whose logarithm is {@code logM}. */
    void mul(ShardBuffer data, int shard, int logM);

    /** shards [dst, dst+count) ^= shards [src, src+count). */
    default void xorShards(ShardBuffer data, int dst, int src, int count) {
        data.xor(dst, src, count);
    }
}
