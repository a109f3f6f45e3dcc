package dev.walrusstream.codec.hash;

import java.util.ArrayList;
import java.util.List;

/**
 * Walrus's Merkle tree over Blake2b-256: leaf = H(0x00 || data), inner = H(0x01 || left || right).
 * A level with an odd number of nodes is padded with one all-zero node (per level, not to a power
 * of two). The root of zero leaves is 32 zero bytes; the root of one leaf is its leaf hash.
 *
 * <p>The tree keeps every level so it can hand out proofs; {@link #root(byte[], int, int, int, byte[], int)}
 * computes a root without keeping levels.
 */
public final class MerkleTree {
    public static final int NODE = Blake2b256.DIGEST_LENGTH;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte INNER_PREFIX = 0x01;

    /** levels.get(0) = leaf hashes; each level padded to even length except the root level. */
    private final List<byte[]> levels;
    private final int leafCount;

    private MerkleTree(List<byte[]> levels, int leafCount) {
        this.levels = levels;
        this.leafCount = leafCount;
    }

    /** Builds the tree over already computed leaf hashes (32 bytes each, back to back). */
    public static MerkleTree fromLeafHashes(byte[] leafHashes, int count) {
        Blake2b256 h = new Blake2b256();
        List<byte[]> levels = new ArrayList<>();
        byte[] level = java.util.Arrays.copyOf(leafHashes, count * NODE);
        int size = count;
        while (size > 1) {
            if ((size & 1) == 1) {
                level = java.util.Arrays.copyOf(level, (size + 1) * NODE); // zero node appended
                size++;
            }
            levels.add(level);
            byte[] next = new byte[(size / 2) * NODE];
            for (int i = 0; i < size / 2; i++) {
                inner(h, level, 2 * i * NODE, level, (2 * i + 1) * NODE, next, i * NODE);
            }
            level = next;
            size /= 2;
        }
        levels.add(level);
        return new MerkleTree(levels, count);
    }

    public static MerkleTree build(List<byte[]> leaves) {
        Blake2b256 h = new Blake2b256();
        byte[] hashes = new byte[leaves.size() * NODE];
        for (int i = 0; i < leaves.size(); i++) {
            byte[] leaf = leaves.get(i);
            leafHash(h, leaf, 0, leaf.length, hashes, i * NODE);
        }
        return fromLeafHashes(hashes, leaves.size());
    }

    public int leafCount() {
        return leafCount;
    }

    public byte[] root() {
        if (leafCount == 0) {
            return new byte[NODE];
        }
        return java.util.Arrays.copyOf(levels.get(levels.size() - 1), NODE);
    }

    /** Siblings from the leaf up; a padding sibling is reported as {@code null} (BCS {@code Node::Empty}). */
    public MerkleProof proof(int leafIndex) {
        if (leafIndex < 0 || leafIndex >= leafCount) {
            throw new IndexOutOfBoundsException("leaf index " + leafIndex + " outside tree of " + leafCount + " leaves");
        }
        List<byte[]> path = new ArrayList<>();
        int index = leafIndex;
        int realSize = leafCount;
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[] level = levels.get(l);
            int sibling = index ^ 1;
            if (sibling >= realSize) {
                path.add(null);
            } else {
                path.add(java.util.Arrays.copyOfRange(level, sibling * NODE, (sibling + 1) * NODE));
            }
            index >>= 1;
            realSize = (realSize + 1) / 2;
        }
        return new MerkleProof(path);
    }

    /** H(0x00 || data[offset..offset+length)) into out[outOffset..+32). */
    public static void leafHash(Blake2b256 h, byte[] data, int offset, int length, byte[] out, int outOffset) {
        h.hashPrefixed(LEAF_PREFIX, data, offset, length, out, outOffset);
    }

    /** H(0x01 || left || right) into out[outOffset..+32). */
    public static void inner(Blake2b256 h, byte[] left, int leftOffset, byte[] right, int rightOffset,
                             byte[] out, int outOffset) {
        h.hashInner(left, leftOffset, right, rightOffset, out, outOffset);
    }

    /**
     * Root over {@code count} leaf hashes read from {@code hashes} at {@code offset + i * stride}
     * (stride in bytes, so a column of a row-major hash matrix works too).
     */
    public static void root(byte[] hashes, int offset, int stride, int count, byte[] out, int outOffset) {
        root(new Blake2b256(), hashes, offset, stride, count, out, outOffset, new byte[((count + 1) / 2) * NODE + NODE]);
    }

    /** As {@link #root(byte[], int, int, int, byte[], int)} with caller-owned hasher and scratch (≥ (count+1)/2*32+32 bytes). */
    public static void root(Blake2b256 h, byte[] hashes, int offset, int stride, int count, byte[] out, int outOffset,
                            byte[] scratch) {
        if (count == 0) {
            java.util.Arrays.fill(out, outOffset, outOffset + NODE, (byte) 0);
            return;
        }
        if (count == 1) {
            System.arraycopy(hashes, offset, out, outOffset, NODE);
            return;
        }
        byte[] zero = new byte[NODE];
        // first level: read from the strided source into scratch
        int size = count;
        int pairs = (size + 1) / 2;
        for (int i = 0; i < pairs; i++) {
            int left = offset + 2 * i * stride;
            if (2 * i + 1 < size) {
                inner(h, hashes, left, hashes, left + stride, scratch, i * NODE);
            } else {
                inner(h, hashes, left, zero, 0, scratch, i * NODE);
            }
        }
        size = pairs;
        while (size > 1) {
            pairs = (size + 1) / 2;
            for (int i = 0; i < pairs; i++) {
                if (2 * i + 1 < size) {
                    inner(h, scratch, 2 * i * NODE, scratch, (2 * i + 1) * NODE, scratch, i * NODE);
                } else {
                    inner(h, scratch, 2 * i * NODE, zero, 0, scratch, i * NODE);
                }
            }
            size = pairs;
        }
        System.arraycopy(scratch, 0, out, outOffset, NODE);
    }
}
