package dev.walrusstream.codec.hash;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bulk hasher in use (vector when available) against the scalar one and against MerkleTree. */
class MerkleHasherTest {
    private final MerkleHasher fast = MerkleHasher.create();
    private final MerkleHasher scalar = MerkleHasher.scalar();

    @Test
    void usesTheVectorHasherWhenTheModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present ? "vector" : "scalar", fast.name());
    }

    @Test
    void leavesAgreeForEveryLengthAndCount() {
        Random random = new Random(3);
        for (int length : new int[]{0, 1, 2, 6, 62, 63, 64, 126, 127, 128, 129, 255, 256, 302, 1000}) {
            for (int count : new int[]{1, 2, 3, 4, 5, 7, 8, 9, 11, 16, 17}) {
                int stride = length + random.nextInt(3);
                byte[] src = new byte[count * stride + 7];
                random.nextBytes(src);
                byte[] a = new byte[count * 40 + 8];
                byte[] b = new byte[count * 40 + 8];
                fast.leaves(src, 5 % (stride + 1) == 0 ? 0 : 1, stride, length, count, a, 8, 40);
                scalar.leaves(src, 5 % (stride + 1) == 0 ? 0 : 1, stride, length, count, b, 8, 40);
                assertArrayEquals(b, a, "length " + length + ", count " + count);
            }
        }
    }

    /**
     * Every message length from 0 to 400 (each remainder of a word and of a block), packed back to
     * back in an array that ends where the last message ends: the lane hasher reads words
     * straight from the source and must neither read past a message nor past the array.
     */
    @Test
    void leavesAgreeForEveryLengthPackedToTheArrayEnds() {
        Random random = new Random(5);
        for (int length = 0; length <= 400; length++) {
            int count = 4 + (length % 14);
            byte[] src = new byte[count * length];
            random.nextBytes(src);
            byte[] a = new byte[count * 32];
            byte[] b = new byte[count * 32];
            fast.leaves(src, 0, length, length, count, a, 0, 32);
            scalar.leaves(src, 0, length, length, count, b, 0, 32);
            assertArrayEquals(b, a, "length " + length + ", count " + count);
        }
    }

    @Test
    void rootsAgreeWithTheTreeForStridedLeaves() {
        Random random = new Random(4);
        for (int count = 0; count <= 70; count++) {
            int stride = 32 * 3;
            byte[] hashes = new byte[Math.max(1, count) * stride];
            random.nextBytes(hashes);
            byte[] packed = new byte[count * 32];
            for (int i = 0; i < count; i++) {
                System.arraycopy(hashes, i * stride, packed, i * 32, 32);
            }
            byte[] expected = MerkleTree.fromLeafHashes(packed, count).root();
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            fast.root(hashes, 0, stride, count, a, 0);
            scalar.root(hashes, 0, stride, count, b, 0);
            assertArrayEquals(expected, a, "fast, count " + count);
            assertArrayEquals(expected, b, "scalar, count " + count);
        }
    }
}
