package dev.walrusstream.codec.hash;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.walrusstream.codec.hash.Blake2bParameters.*;
import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

/**
 * {@link #LANES} independent BLAKE2b-256 hashes of equal-length messages at once, one per 64-bit
 * lane of a vector (Vector API). Walrus hashes millions of equal-sized Merkle leaves and nodes per
 * blob, which is exactly this shape. Not thread-safe: one instance per thread.
 *
 * <p>Eight lanes (512-bit vectors) where the CPU has them (AVX-512), else four (256-bit).
 * {@code -Dwalrus.codec.hash.lanes=4|8} forces a width, for benchmarks and tests.
 */
final class Blake2bLanes {
    private static final VectorSpecies<Long> SP = pickSpecies(System.getProperty("walrus.codec.hash.lanes", ""));
    /** Messages hashed side by side: 4 or 8. */
    static final int LANES = SP.length();
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);


    /** SIGMA of RFC 7693 for the twelve rounds, pre-multiplied by the lane count: offsets into m. */
    private static final int[] MSG = new int[SIGMA.length];

    static {
        for (int i = 0; i < SIGMA.length; i++) {
            MSG[i] = LANES * SIGMA[i];
        }
    }

    /** The initial state of BLAKE2b-256 in every lane, read (never written) by the first compression. */
    private static final long[] INIT = new long[8 * LANES];
    private static final byte[] ZERO_NODE = new byte[32];

    static {
        long[] words = {H0_256, IV1, IV2, IV3, IV4, IV5, IV6, IV7};
        for (int w = 0; w < 8; w++) {
            Arrays.fill(INIT, LANES * w, LANES * (w + 1), words[w]);
        }
    }

    /** State: word w of lane j at h[LANES·w + j]. */
    private final long[] h = new long[8 * LANES];
    /** Message block: word w of lane j at m[LANES·w + j]. */
    private final long[] m = new long[16 * LANES];

    /**
     * 512-bit vectors when the JIT will use them (the preferred species has 8 longs), else 256-bit:
     * {@code forced} ("4", "8" or empty) overrides.
     */
    static VectorSpecies<Long> pickSpecies(String forced) {
        return switch (forced) {
            case "" -> LongVector.SPECIES_PREFERRED.length() >= 8 ? LongVector.SPECIES_512 : LongVector.SPECIES_256;
            case "4" -> LongVector.SPECIES_256;
            case "8" -> LongVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "walrus.codec.hash.lanes must be 4 or 8, not '" + forced + "'");
        };
    }

    /**
     * out[o[j]..o[j]+32) = H(prefix || src[s[j]..s[j]+length)) for j &lt; count (1..LANES); unused
     * lanes hash message 0 again and are not stored.
     *
     * <p>Message words are read straight from {@code src} (little-endian longs, no staging copy);
     * the last block's partial word is read as the long that ends with the message and shifted, so
     * nothing outside the messages is touched.
     */
    void hashPrefixed(byte prefix, byte[] src, int[] s, int count, int length, byte[] out, int[] o) {
        long total = length + 1L;
        int blocks = (int) Math.max(1, (total + BLOCK - 1) / BLOCK);
        long[] from = INIT;
        for (int b = 0; b < blocks - 1; b++) {
            for (int lane = 0; lane < LANES; lane++) {
                loadInterior(src, s[lane < count ? lane : 0], b, lane, prefix);
            }
            compress(from, (long) BLOCK * (b + 1), false);
            from = h;
        }
        int last = blocks - 1;
        for (int lane = 0; lane < LANES; lane++) {
            lastBlock(src, s[lane < count ? lane : 0], length, last, lane, prefix);
        }
        compress(from, total, true);
        for (int lane = 0; lane < count; lane++) {
            store(out, o[lane], lane);
        }
    }

    /**
     * The parents of {@code nodes} (1..2·LANES) consecutive nodes {@code in[l + k·stride..+32)}:
     * out[o + 32j..+32) = H(0x01 || node 2j || node 2j+1), the last node paired with 32 zero bytes
     * when {@code nodes} is odd. Unused lanes hash the first pair again and are not stored. All
     * nodes are read before any parent is written, so a level may be computed in place.
     */
    void hashInner(byte[] in, int l, int stride, int nodes, byte[] out, int o) {
        int parents = (nodes + 1) / 2;
        for (int lane = 0; lane < LANES; lane++) {
            int pair = lane < parents ? lane : 0;
            int left = l + 2 * pair * stride;
            if (2 * pair + 1 < nodes) {
                innerMessage(in, left, in, left + stride, lane);
            } else {
                innerMessage(in, left, ZERO_NODE, 0, lane);
            }
        }
        compress(INIT, 65, true);
        for (int lane = 0; lane < parents; lane++) {
            store(out, o + 32 * lane, lane);
        }
    }

    /**
     * The 65-byte message 0x01 || left || right as words, read straight from the nodes: word 0 is
     * the prefix and left[0..7), words 1..3 left[7..31), word 4 left[31] and right[0..7), words 5..7
     * right[7..31), word 8 right[31]; words 9..15 are zero.
     */
    private void innerMessage(byte[] a, int l, byte[] b, int r, int lane) {
        long[] msg = m;
        msg[lane] = ((long) LE.get(a, l) << 8) | 1L;
        msg[LANES + lane] = (long) LE.get(a, l + 7);
        msg[2 * LANES + lane] = (long) LE.get(a, l + 15);
        msg[3 * LANES + lane] = (long) LE.get(a, l + 23);
        msg[4 * LANES + lane] = (a[l + 31] & 0xFFL) | ((long) LE.get(b, r) << 8);
        msg[5 * LANES + lane] = (long) LE.get(b, r + 7);
        msg[6 * LANES + lane] = (long) LE.get(b, r + 15);
        msg[7 * LANES + lane] = (long) LE.get(b, r + 23);
        msg[8 * LANES + lane] = b[r + 31] & 0xFFL;
        for (int w = 9; w < 16; w++) {
            msg[LANES * w + lane] = 0;
        }
    }

    /** Block b of prefix || data, wholly inside the message (not the last block). */
    private void loadInterior(byte[] src, int start, int b, int lane, byte prefix) {
        int base = start + BLOCK * b - 1;
        int w = 0;
        if (b == 0) {
            m[lane] = ((long) LE.get(src, start) << 8) | (prefix & 0xFFL);
            w = 1;
        }
        for (; w < 16; w++) {
            m[LANES * w + lane] = (long) LE.get(src, base + 8 * w);
        }
    }

    /**
     * The last block b of prefix || src[start..start+length), zero-padded: whole words read as
     * longs, the partial word as the long ending with the message shifted right (or byte by byte
     * when the message is shorter than a word), the rest zero.
     */
    private void lastBlock(byte[] src, int start, int length, int b, int lane, byte prefix) {
        long[] msg = m;
        int total = length + 1;
        int first = BLOCK * b;                 // index of the block's first byte in prefix || data
        int bytes = total - first;             // 1..128 bytes of the message in this block
        int whole = bytes >>> 3;
        int rem = bytes & 7;
        int w = 0;
        if (b == 0) {
            if (whole == 0) {
                msg[lane] = (prefix & 0xFFL) | tail(src, start, rem - 1) << 8;
                fillZero(msg, 1, lane);
                return;
            }
            // length >= 7 here; the long read must not pass the message's end
            long data = length >= 8 ? (long) LE.get(src, start) : tail(src, start, 7);
            msg[lane] = (data << 8) | (prefix & 0xFFL);
            w = 1;
        }
        int base = start + first - 1;          // src index of the block's first byte
        for (; w < whole; w++) {
            msg[LANES * w + lane] = (long) LE.get(src, base + 8 * w);
        }
        if (rem > 0) {
            // the rem bytes are the message's last; the long ending there lies inside the message
            // when the message (without prefix) has at least 8 bytes, which a block past the first has
            int end = start + length;
            msg[LANES * whole + lane] = length >= 8 ? (long) LE.get(src, end - 8) >>> (8 * (8 - rem))
                    : tail(src, end - rem, rem);
            w = whole + 1;
        }
        fillZero(msg, w, lane);
    }

    /** Little-endian value of the {@code count} (0..7) bytes at src[from..). */
    private static long tail(byte[] src, int from, int count) {
        long v = 0;
        for (int i = count - 1; i >= 0; i--) {
            v = (v << 8) | (src[from + i] & 0xFFL);
        }
        return v;
    }

    private static void fillZero(long[] msg, int fromWord, int lane) {
        for (int w = fromWord; w < 16; w++) {
            msg[LANES * w + lane] = 0;
        }
    }

    private void store(byte[] out, int offset, int lane) {
        LE.set(out, offset, h[lane]);
        LE.set(out, offset + 8, h[LANES + lane]);
        LE.set(out, offset + 16, h[2 * LANES + lane]);
        LE.set(out, offset + 24, h[3 * LANES + lane]);
    }

    /** h = compress(state {@code from} (h itself, or INIT for a first block), m, count, last). */
    private void compress(long[] from, long count, boolean last) {
        long[] m = this.m;
        long[] h = this.h;
        LongVector v0 = LongVector.fromArray(SP, from, 0);
        LongVector v1 = LongVector.fromArray(SP, from, 1 * LANES);
        LongVector v2 = LongVector.fromArray(SP, from, 2 * LANES);
        LongVector v3 = LongVector.fromArray(SP, from, 3 * LANES);
        LongVector v4 = LongVector.fromArray(SP, from, 4 * LANES);
        LongVector v5 = LongVector.fromArray(SP, from, 5 * LANES);
        LongVector v6 = LongVector.fromArray(SP, from, 6 * LANES);
        LongVector v7 = LongVector.fromArray(SP, from, 7 * LANES);
        LongVector v8 = LongVector.broadcast(SP, IV0);
        LongVector v9 = LongVector.broadcast(SP, IV1);
        LongVector v10 = LongVector.broadcast(SP, IV2);
        LongVector v11 = LongVector.broadcast(SP, IV3);
        LongVector v12 = LongVector.broadcast(SP, IV4 ^ count);
        LongVector v13 = LongVector.broadcast(SP, IV5);
        LongVector v14 = LongVector.broadcast(SP, last ? ~IV6 : IV6);
        LongVector v15 = LongVector.broadcast(SP, IV7);
        for (int r = 0; r < 12 * 16; r += 16) {
            // G(0, 4, 8, 12)
            v0 = v0.add(v4).add(LongVector.fromArray(SP, m, MSG[r + 0]));
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 32);
            v8 = v8.add(v12);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 24);
            v0 = v0.add(v4).add(LongVector.fromArray(SP, m, MSG[r + 1]));
            v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12);
            v4 = v4.lanewise(XOR, v8).lanewise(ROR, 63);
            // G(1, 5, 9, 13)
            v1 = v1.add(v5).add(LongVector.fromArray(SP, m, MSG[r + 2]));
            v13 = v13.lanewise(XOR, v1).lanewise(ROR, 32);
            v9 = v9.add(v13);
            v5 = v5.lanewise(XOR, v9).lanewise(ROR, 24);
            v1 = v1.add(v5).add(LongVector.fromArray(SP, m, MSG[r + 3]));
            v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13);
            v5 = v5.lanewise(XOR, v9).lanewise(ROR, 63);
            // G(2, 6, 10, 14)
            v2 = v2.add(v6).add(LongVector.fromArray(SP, m, MSG[r + 4]));
            v14 = v14.lanewise(XOR, v2).lanewise(ROR, 32);
            v10 = v10.add(v14);
            v6 = v6.lanewise(XOR, v10).lanewise(ROR, 24);
            v2 = v2.add(v6).add(LongVector.fromArray(SP, m, MSG[r + 5]));
            v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14);
            v6 = v6.lanewise(XOR, v10).lanewise(ROR, 63);
            // G(3, 7, 11, 15)
            v3 = v3.add(v7).add(LongVector.fromArray(SP, m, MSG[r + 6]));
            v15 = v15.lanewise(XOR, v3).lanewise(ROR, 32);
            v11 = v11.add(v15);
            v7 = v7.lanewise(XOR, v11).lanewise(ROR, 24);
            v3 = v3.add(v7).add(LongVector.fromArray(SP, m, MSG[r + 7]));
            v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15);
            v7 = v7.lanewise(XOR, v11).lanewise(ROR, 63);
            // G(0, 5, 10, 15)
            v0 = v0.add(v5).add(LongVector.fromArray(SP, m, MSG[r + 8]));
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 32);
            v10 = v10.add(v15);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 24);
            v0 = v0.add(v5).add(LongVector.fromArray(SP, m, MSG[r + 9]));
            v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15);
            v5 = v5.lanewise(XOR, v10).lanewise(ROR, 63);
            // G(1, 6, 11, 12)
            v1 = v1.add(v6).add(LongVector.fromArray(SP, m, MSG[r + 10]));
            v12 = v12.lanewise(XOR, v1).lanewise(ROR, 32);
            v11 = v11.add(v12);
            v6 = v6.lanewise(XOR, v11).lanewise(ROR, 24);
            v1 = v1.add(v6).add(LongVector.fromArray(SP, m, MSG[r + 11]));
            v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12);
            v6 = v6.lanewise(XOR, v11).lanewise(ROR, 63);
            // G(2, 7, 8, 13)
            v2 = v2.add(v7).add(LongVector.fromArray(SP, m, MSG[r + 12]));
            v13 = v13.lanewise(XOR, v2).lanewise(ROR, 32);
            v8 = v8.add(v13);
            v7 = v7.lanewise(XOR, v8).lanewise(ROR, 24);
            v2 = v2.add(v7).add(LongVector.fromArray(SP, m, MSG[r + 13]));
            v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13);
            v7 = v7.lanewise(XOR, v8).lanewise(ROR, 63);
            // G(3, 4, 9, 14)
            v3 = v3.add(v4).add(LongVector.fromArray(SP, m, MSG[r + 14]));
            v14 = v14.lanewise(XOR, v3).lanewise(ROR, 32);
            v9 = v9.add(v14);
            v4 = v4.lanewise(XOR, v9).lanewise(ROR, 24);
            v3 = v3.add(v4).add(LongVector.fromArray(SP, m, MSG[r + 15]));
            v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14);
            v4 = v4.lanewise(XOR, v9).lanewise(ROR, 63);
        }
        v0.lanewise(XOR, v8).lanewise(XOR, LongVector.fromArray(SP, from, 0)).intoArray(h, 0);
        v1.lanewise(XOR, v9).lanewise(XOR, LongVector.fromArray(SP, from, 1 * LANES)).intoArray(h, 1 * LANES);
        v2.lanewise(XOR, v10).lanewise(XOR, LongVector.fromArray(SP, from, 2 * LANES)).intoArray(h, 2 * LANES);
        v3.lanewise(XOR, v11).lanewise(XOR, LongVector.fromArray(SP, from, 3 * LANES)).intoArray(h, 3 * LANES);
        v4.lanewise(XOR, v12).lanewise(XOR, LongVector.fromArray(SP, from, 4 * LANES)).intoArray(h, 4 * LANES);
        v5.lanewise(XOR, v13).lanewise(XOR, LongVector.fromArray(SP, from, 5 * LANES)).intoArray(h, 5 * LANES);
        v6.lanewise(XOR, v14).lanewise(XOR, LongVector.fromArray(SP, from, 6 * LANES)).intoArray(h, 6 * LANES);
        v7.lanewise(XOR, v15).lanewise(XOR, LongVector.fromArray(SP, from, 7 * LANES)).intoArray(h, 7 * LANES);
    }
}
