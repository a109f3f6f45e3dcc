package dev.walrusstream.codec.rs;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reed–Solomon kernels on the Vector API ({@code jdk.incubator.vector}): a GF(2^16) product is the
 * XOR of four nibble lookups, each a byte shuffle of a 16-entry table (the split-nibble technique
 * of Leopard and reed-solomon-simd's AVX2 engine). One 64-byte block, 32 elements, is two 256-bit
 * vectors: low bytes and high bytes.
 *
 * <p>Needs {@code --add-modules jdk.incubator.vector}; {@link Engines#best()} falls back to the
 * reference engine when the module is absent.
 */
final class VectorEngine implements GfEngine {
    private static final VectorSpecies<Byte> SP = ByteVector.SPECIES_256;
    private static final int LANES = 32;
    /** Per log m: 8 tables of 32 bytes (16 entries, twice): low bytes of nibbles 0..3, then high bytes. */
    private static final int LUT_STRIDE = 8 * LANES;
    private static final byte[] LUT = buildTables();

    VectorEngine() {
        if (SP.length() != LANES) {
            throw new IllegalStateException("expected 32 byte lanes");
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    private static byte[] buildTables() {
        byte[] lut = new byte[GfTables.ORDER * LUT_STRIDE];
        for (int logM = 0; logM < GfTables.ORDER; logM++) {
            int base = logM * LUT_STRIDE;
            for (int nibble = 0; nibble < 4; nibble++) {
                for (int x = 0; x < 16; x++) {
                    int product = GfTables.mul(x << (4 * nibble), logM);
                    byte lo = (byte) product;
                    byte hi = (byte) (product >>> 8);
                    lut[base + nibble * LANES + x] = lo;
                    lut[base + nibble * LANES + 16 + x] = lo;
                    lut[base + (4 + nibble) * LANES + x] = hi;
                    lut[base + (4 + nibble) * LANES + 16 + x] = hi;
                }
            }
        }
        return lut;
    }

    @Override
    public void fft(ShardBuffer data, int pos, int size, int truncatedSize, int skewDelta) {
        byte[] d = data.data();
        int blocks = data.blocksPerShard();
        int shardBytes = data.shardBytes();
        for (int dist = size / 2; dist > 0; dist /= 2) {
            for (int r = 0; r < truncatedSize; r += 2 * dist) {
                int logM = GfTables.SKEW[r + dist + skewDelta - 1];
                int a = data.offset(pos + r);
                int b = a + dist * shardBytes;
                int bytes = dist * shardBytes;
                if (logM == GfTables.MODULUS) {
                    xor(d, b, a, bytes);
                } else {
                    fftButterflies(d, a, b, dist * blocks, logM * LUT_STRIDE);
                }
            }
        }
    }

    @Override
    public void ifft(ShardBuffer data, int pos, int size, int truncatedSize, int skewDelta) {
        byte[] d = data.data();
        int blocks = data.blocksPerShard();
        int shardBytes = data.shardBytes();
        for (int dist = 1; dist < size; dist *= 2) {
            for (int r = 0; r < truncatedSize; r += 2 * dist) {
                int logM = GfTables.SKEW[r + dist + skewDelta - 1];
                int a = data.offset(pos + r);
                int b = a + dist * shardBytes;
                int bytes = dist * shardBytes;
                if (logM == GfTables.MODULUS) {
                    xor(d, b, a, bytes);
                } else {
                    ifftButterflies(d, a, b, dist * blocks, logM * LUT_STRIDE);
                }
            }
        }
    }

    @Override
    public void mul(ShardBuffer data, int shard, int logM) {
        byte[] d = data.data();
        int lut = logM * LUT_STRIDE;
        ByteVector t0l = ByteVector.fromArray(SP, LUT, lut);
        ByteVector t1l = ByteVector.fromArray(SP, LUT, lut + LANES);
        ByteVector t2l = ByteVector.fromArray(SP, LUT, lut + 2 * LANES);
        ByteVector t3l = ByteVector.fromArray(SP, LUT, lut + 3 * LANES);
        ByteVector t0h = ByteVector.fromArray(SP, LUT, lut + 4 * LANES);
        ByteVector t1h = ByteVector.fromArray(SP, LUT, lut + 5 * LANES);
        ByteVector t2h = ByteVector.fromArray(SP, LUT, lut + 6 * LANES);
        ByteVector t3h = ByteVector.fromArray(SP, LUT, lut + 7 * LANES);
        int x = data.offset(shard);
        for (int k = 0, blocks = data.blocksPerShard(); k < blocks; k++, x += 64) {
            ByteVector lo = ByteVector.fromArray(SP, d, x);
            ByteVector hi = ByteVector.fromArray(SP, d, x + LANES);
            ByteVector n0 = lo.and((byte) 0x0F);
            ByteVector n1 = highNibbles(lo);
            ByteVector n2 = hi.and((byte) 0x0F);
            ByteVector n3 = highNibbles(hi);
            ByteVector pl = n0.selectFrom(t0l).lanewise(VectorOperators.XOR, n1.selectFrom(t1l))
                    .lanewise(VectorOperators.XOR, n2.selectFrom(t2l)).lanewise(VectorOperators.XOR, n3.selectFrom(t3l));
            ByteVector ph = n0.selectFrom(t0h).lanewise(VectorOperators.XOR, n1.selectFrom(t1h))
                    .lanewise(VectorOperators.XOR, n2.selectFrom(t2h)).lanewise(VectorOperators.XOR, n3.selectFrom(t3h));
            pl.intoArray(d, x);
            ph.intoArray(d, x + LANES);
        }
    }

    /** For {@code blocks} consecutive blocks: a ^= b·m; b ^= a. */
    private static void fftButterflies(byte[] d, int a, int b, int blocks, int lut) {
        ByteVector t0l = ByteVector.fromArray(SP, LUT, lut);
        ByteVector t1l = ByteVector.fromArray(SP, LUT, lut + LANES);
        ByteVector t2l = ByteVector.fromArray(SP, LUT, lut + 2 * LANES);
        ByteVector t3l = ByteVector.fromArray(SP, LUT, lut + 3 * LANES);
        ByteVector t0h = ByteVector.fromArray(SP, LUT, lut + 4 * LANES);
        ByteVector t1h = ByteVector.fromArray(SP, LUT, lut + 5 * LANES);
        ByteVector t2h = ByteVector.fromArray(SP, LUT, lut + 6 * LANES);
        ByteVector t3h = ByteVector.fromArray(SP, LUT, lut + 7 * LANES);
        for (int i = 0, bytes = blocks * 64; i < bytes; i += 64) {
            ByteVector bl = ByteVector.fromArray(SP, d, b + i);
            ByteVector bh = ByteVector.fromArray(SP, d, b + i + LANES);
            ByteVector n0 = bl.and((byte) 0x0F);
            ByteVector n1 = highNibbles(bl);
            ByteVector n2 = bh.and((byte) 0x0F);
            ByteVector n3 = highNibbles(bh);
            ByteVector al = ByteVector.fromArray(SP, d, a + i)
                    .lanewise(VectorOperators.XOR, n0.selectFrom(t0l)).lanewise(VectorOperators.XOR, n1.selectFrom(t1l))
                    .lanewise(VectorOperators.XOR, n2.selectFrom(t2l)).lanewise(VectorOperators.XOR, n3.selectFrom(t3l));
            ByteVector ah = ByteVector.fromArray(SP, d, a + i + LANES)
                    .lanewise(VectorOperators.XOR, n0.selectFrom(t0h)).lanewise(VectorOperators.XOR, n1.selectFrom(t1h))
                    .lanewise(VectorOperators.XOR, n2.selectFrom(t2h)).lanewise(VectorOperators.XOR, n3.selectFrom(t3h));
            al.intoArray(d, a + i);
            ah.intoArray(d, a + i + LANES);
            bl.lanewise(VectorOperators.XOR, al).intoArray(d, b + i);
            bh.lanewise(VectorOperators.XOR, ah).intoArray(d, b + i + LANES);
        }
    }

    /** For {@code blocks} consecutive blocks: b ^= a; a ^= b·m. */
    private static void ifftButterflies(byte[] d, int a, int b, int blocks, int lut) {
        ByteVector t0l = ByteVector.fromArray(SP, LUT, lut);
        ByteVector t1l = ByteVector.fromArray(SP, LUT, lut + LANES);
        ByteVector t2l = ByteVector.fromArray(SP, LUT, lut + 2 * LANES);
        ByteVector t3l = ByteVector.fromArray(SP, LUT, lut + 3 * LANES);
        ByteVector t0h = ByteVector.fromArray(SP, LUT, lut + 4 * LANES);
        ByteVector t1h = ByteVector.fromArray(SP, LUT, lut + 5 * LANES);
        ByteVector t2h = ByteVector.fromArray(SP, LUT, lut + 6 * LANES);
        ByteVector t3h = ByteVector.fromArray(SP, LUT, lut + 7 * LANES);
        for (int i = 0, bytes = blocks * 64; i < bytes; i += 64) {
            ByteVector al = ByteVector.fromArray(SP, d, a + i);
            ByteVector ah = ByteVector.fromArray(SP, d, a + i + LANES);
            ByteVector bl = ByteVector.fromArray(SP, d, b + i).lanewise(VectorOperators.XOR, al);
            ByteVector bh = ByteVector.fromArray(SP, d, b + i + LANES).lanewise(VectorOperators.XOR, ah);
            bl.intoArray(d, b + i);
            bh.intoArray(d, b + i + LANES);
            ByteVector n0 = bl.and((byte) 0x0F);
            ByteVector n1 = highNibbles(bl);
            ByteVector n2 = bh.and((byte) 0x0F);
            ByteVector n3 = highNibbles(bh);
            al.lanewise(VectorOperators.XOR, n0.selectFrom(t0l)).lanewise(VectorOperators.XOR, n1.selectFrom(t1l))
                    .lanewise(VectorOperators.XOR, n2.selectFrom(t2l)).lanewise(VectorOperators.XOR, n3.selectFrom(t3l))
                    .intoArray(d, a + i);
            ah.lanewise(VectorOperators.XOR, n0.selectFrom(t0h)).lanewise(VectorOperators.XOR, n1.selectFrom(t1h))
                    .lanewise(VectorOperators.XOR, n2.selectFrom(t2h)).lanewise(VectorOperators.XOR, n3.selectFrom(t3h))
                    .intoArray(d, a + i + LANES);
        }
    }

    /**
     * The high nibble of every byte, shifted down. x86 has no byte shift, so a byte-lane LSHR is
     * emulated (widen, shift, narrow); shifting 16-bit lanes and masking is one shift and one AND.
     */
    private static ByteVector highNibbles(ByteVector v) {
        return v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    /** d[dst..dst+bytes) ^= d[src..src+bytes); bytes is a multiple of 64. */
    static void xor(byte[] d, int dst, int src, int bytes) {
        for (int i = 0; i < bytes; i += LANES) {
            ByteVector.fromArray(SP, d, dst + i).lanewise(VectorOperators.XOR, ByteVector.fromArray(SP, d, src + i))
                    .intoArray(d, dst + i);
        }
    }

    @Override
    public void xorShards(ShardBuffer data, int dst, int src, int count) {
        xor(data.data(), data.offset(dst), data.offset(src), count * data.shardBytes());
    }
}
