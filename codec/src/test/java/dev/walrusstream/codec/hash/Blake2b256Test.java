package dev.walrusstream.codec.hash;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Our Blake2b-256 against Bouncy Castle's for every length up to a few blocks and every entry point. */
class Blake2b256Test {

    @Test
    void matchesBouncyCastleForEveryLengthAndSplit() {
        Random random = new Random(5);
        Blake2b256 ours = new Blake2b256();
        for (int length = 0; length <= 600; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte[] expected = reference(data);
            assertArrayEquals(expected, Blake2b256.hash(data), "one-shot, length " + length);
            int split = length == 0 ? 0 : random.nextInt(length + 1);
            ours.update(data, 0, split).update(data, split, length - split);
            assertArrayEquals(expected, ours.finish(), "split at " + split + ", length " + length);
            if (length > 0) {
                byte[] out = new byte[40];
                ours.hashPrefixed(data[0], data, 1, length - 1, out, 8);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 8, 40), "prefixed, length " + length);
            }
        }
    }

    @Test
    void innerNodeIsOneBlock() {
        byte[] left = new byte[32];
        byte[] right = new byte[32];
        new Random(9).nextBytes(left);
        new Random(10).nextBytes(right);
        byte[] message = new byte[65];
        message[0] = 1;
        System.arraycopy(left, 0, message, 1, 32);
        System.arraycopy(right, 0, message, 33, 32);
        byte[] out = new byte[32];
        new Blake2b256().hashInner(left, 0, right, 0, out, 0);
        assertArrayEquals(reference(message), out);
    }

    private static byte[] reference(byte[] data) {
        Blake2bDigest d = new Blake2bDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
