package dev.walrusstream.codec.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static dev.walrusstream.codec.hash.Blake2bParameters.*;

/**
 * BLAKE2b with a 32-byte digest (the parameterised digest, not a truncation of BLAKE2b-512; RFC 7693),
 * written for the many short inputs of Walrus's Merkle trees: the state lives in local variables,
 * message words are read straight from the input, and nothing is allocated per hash.
 *
 * <p>Streaming use: {@code update(...)} then {@code finish(...)}, which resets the instance.
 * Instances are not thread-safe; use one per thread.
 */
public final class Blake2b256 {
    public static final int DIGEST_LENGTH = 32;
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);


    private final long[] h = new long[8];
    private final long[] m = new long[16];
    private final byte[] buffer = new byte[BLOCK];
    private int buffered;
    private long counter;

    public Blake2b256() {
        reset();
    }

    private void reset() {
        h[0] = H0_256;
        h[1] = IV1;
        h[2] = IV2;
        h[3] = IV3;
        h[4] = IV4;
        h[5] = IV5;
        h[6] = IV6;
        h[7] = IV7;
        buffered = 0;
        counter = 0;
    }

    public Blake2b256 update(byte b) {
        if (buffered == BLOCK) {
            counter += BLOCK;
            compress(buffer, 0, counter, false);
            buffered = 0;
        }
        buffer[buffered++] = b;
        return this;
    }

    public Blake2b256 update(byte[] data) {
        return update(data, 0, data.length);
    }

    public Blake2b256 update(byte[] data, int offset, int length) {
        if (length <= 0) {
            return this;
        }
        // Fill the buffer; a full buffer is compressed only once more input arrives (the last block is special).
        if (buffered > 0) {
            int take = Math.min(BLOCK - buffered, length);
            System.arraycopy(data, offset, buffer, buffered, take);
            buffered += take;
            offset += take;
            length -= take;
            if (length == 0) {
                return this;
            }
            counter += BLOCK;
            compress(buffer, 0, counter, false);
            buffered = 0;
        }
        while (length > BLOCK) {
            counter += BLOCK;
            compress(data, offset, counter, false);
            offset += BLOCK;
            length -= BLOCK;
        }
        System.arraycopy(data, offset, buffer, 0, length);
        buffered = length;
        return this;
    }

    /** Writes the digest to {@code out[offset..offset+32)} and resets this instance. */
    public void finish(byte[] out, int offset) {
        counter += buffered;
        java.util.Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
        compress(buffer, 0, counter, true);
        LE_LONG.set(out, offset, h[0]);
        LE_LONG.set(out, offset + 8, h[1]);
        LE_LONG.set(out, offset + 16, h[2]);
        LE_LONG.set(out, offset + 24, h[3]);
        reset();
    }

    public byte[] finish() {
        byte[] out = new byte[DIGEST_LENGTH];
        finish(out, 0);
        return out;
    }

    public static byte[] hash(byte[] data) {
        return new Blake2b256().update(data).finish();
    }

    /** Hashes {@code prefix || data[offset..offset+length)} in one call (a Merkle leaf or node). */
    public void hashPrefixed(byte prefix, byte[] data, int offset, int length, byte[] out, int outOffset) {
        update(prefix).update(data, offset, length).finish(out, outOffset);
    }

    /** H(0x01 || left || right): one 65-byte message, a single compression. */
    public void hashInner(byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] out, int outOffset) {
        byte[] b = buffer;
        b[0] = 1;
        System.arraycopy(left, leftOffset, b, 1, 32);
        System.arraycopy(right, rightOffset, b, 33, 32);
        java.util.Arrays.fill(b, 65, BLOCK, (byte) 0);
        compress(b, 0, 65, true);
        LE_LONG.set(out, outOffset, h[0]);
        LE_LONG.set(out, outOffset + 8, h[1]);
        LE_LONG.set(out, outOffset + 16, h[2]);
        LE_LONG.set(out, outOffset + 24, h[3]);
        reset();
    }

    private void compress(byte[] block, int offset, long count, boolean last) {
        long[] msg = m;
        for (int i = 0; i < 16; i++) {
            msg[i] = (long) LE_LONG.get(block, offset + 8 * i);
        }
        long v0 = h[0];
        long v1 = h[1];
        long v2 = h[2];
        long v3 = h[3];
        long v4 = h[4];
        long v5 = h[5];
        long v6 = h[6];
        long v7 = h[7];
        long v8 = IV0;
        long v9 = IV1;
        long v10 = IV2;
        long v11 = IV3;
        long v12 = IV4 ^ count;
        long v13 = IV5;
        long v14 = last ? ~IV6 : IV6;
        long v15 = IV7;
        for (int r = 0; r < 12 * 16; r += 16) {
            // G(0, 4, 8, 12)
            v0 += v4 + msg[SIGMA[r]];
            v12 = Long.rotateRight(v12 ^ v0, 32);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 24);
            v0 += v4 + msg[SIGMA[r + 1]];
            v12 = Long.rotateRight(v12 ^ v0, 16);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 63);
            // G(1, 5, 9, 13)
            v1 += v5 + msg[SIGMA[r + 2]];
            v13 = Long.rotateRight(v13 ^ v1, 32);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 24);
            v1 += v5 + msg[SIGMA[r + 3]];
            v13 = Long.rotateRight(v13 ^ v1, 16);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 63);
            // G(2, 6, 10, 14)
            v2 += v6 + msg[SIGMA[r + 4]];
            v14 = Long.rotateRight(v14 ^ v2, 32);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 24);
            v2 += v6 + msg[SIGMA[r + 5]];
            v14 = Long.rotateRight(v14 ^ v2, 16);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 63);
            // G(3, 7, 11, 15)
            v3 += v7 + msg[SIGMA[r + 6]];
            v15 = Long.rotateRight(v15 ^ v3, 32);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 24);
            v3 += v7 + msg[SIGMA[r + 7]];
            v15 = Long.rotateRight(v15 ^ v3, 16);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 63);
            // G(0, 5, 10, 15)
            v0 += v5 + msg[SIGMA[r + 8]];
            v15 = Long.rotateRight(v15 ^ v0, 32);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 24);
            v0 += v5 + msg[SIGMA[r + 9]];
            v15 = Long.rotateRight(v15 ^ v0, 16);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 63);
            // G(1, 6, 11, 12)
            v1 += v6 + msg[SIGMA[r + 10]];
            v12 = Long.rotateRight(v12 ^ v1, 32);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 24);
            v1 += v6 + msg[SIGMA[r + 11]];
            v12 = Long.rotateRight(v12 ^ v1, 16);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 63);
            // G(2, 7, 8, 13)
            v2 += v7 + msg[SIGMA[r + 12]];
            v13 = Long.rotateRight(v13 ^ v2, 32);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 24);
            v2 += v7 + msg[SIGMA[r + 13]];
            v13 = Long.rotateRight(v13 ^ v2, 16);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 63);
            // G(3, 4, 9, 14)
            v3 += v4 + msg[SIGMA[r + 14]];
            v14 = Long.rotateRight(v14 ^ v3, 32);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 24);
            v3 += v4 + msg[SIGMA[r + 15]];
            v14 = Long.rotateRight(v14 ^ v3, 16);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 63);
        }
        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }
}
