package dev.walrusstream.codec.hash;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Sibling nodes from a leaf to the root. A {@code null} entry is an empty (padding) node, which
 * hashes as 32 zero bytes and serializes as BCS {@code Node::Empty} (tag 0); others are
 * {@code Node::Digest} (tag 1 + 32 bytes).
 */
public final class MerkleProof {
    private final List<byte[]> path;

    public MerkleProof(List<byte[]> path) {
        for (byte[] node : path) {
            if (node != null && node.length != MerkleTree.NODE) {
                throw new IllegalArgumentException("Merkle node must be 32 bytes, got " + node.length);
            }
        }
        this.path = Collections.unmodifiableList(new ArrayList<>(path));
    }

    public List<byte[]> path() {
        return path;
    }

    /** Recomputes the root for {@code leafData} at {@code leafIndex}. */
    public byte[] computeRoot(byte[] leafData, int leafOffset, int leafLength, int leafIndex) {
        Blake2b256 h = new Blake2b256();
        byte[] current = new byte[MerkleTree.NODE];
        MerkleTree.leafHash(h, leafData, leafOffset, leafLength, current, 0);
        byte[] zero = new byte[MerkleTree.NODE];
        long index = leafIndex;
        for (byte[] sibling : path) {
            byte[] s = sibling == null ? zero : sibling;
            if ((index & 1) == 0) {
                MerkleTree.inner(h, current, 0, s, 0, current, 0);
            } else {
                MerkleTree.inner(h, s, 0, current, 0, current, 0);
            }
            index >>= 1;
        }
        return current;
    }

    /**
     * True when this proof leads from the leaf to {@code root} in a tree of {@code leafCount}
     * leaves. A path longer than the tree's height or an index that does not fit is rejected.
     */
    public boolean verify(byte[] root, int leafCount, byte[] leafData, int leafOffset, int leafLength, int leafIndex) {
        if (leafIndex < 0 || leafIndex >= leafCount || path.size() > height(leafCount)
                || (path.size() < 31 && (leafIndex >>> path.size()) != 0)) {
            return false;
        }
        return Arrays.equals(root, computeRoot(leafData, leafOffset, leafLength, leafIndex));
    }

    /** Number of levels above the leaves: ceil(log2(leafCount)). */
    public static int height(int leafCount) {
        return leafCount <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(leafCount - 1);
    }

    public void writeBcs(BcsWriter w) {
        w.uleb128(path.size());
        for (byte[] node : path) {
            if (node == null) {
                w.u8(0);
            } else {
                w.u8(1).fixedBytes(node);
            }
        }
    }

    public static MerkleProof readBcs(BcsReader r) {
        int count = r.uleb128();
        if (count > 64) {
            throw new BcsException("Merkle proof with " + count + " nodes is longer than any tree");
        }
        List<byte[]> path = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = r.position();
            int tag = r.u8();
            switch (tag) {
                case 0 -> path.add(null);
                case 1 -> path.add(r.fixedBytes(MerkleTree.NODE));
                default -> throw new BcsException("unknown Merkle node tag " + tag + " at offset " + at);
            }
        }
        return new MerkleProof(path);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MerkleProof other) || other.path.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            if (!Arrays.equals(path.get(i), other.path.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] node : path) {
            h = 31 * h + Arrays.hashCode(node);
        }
        return h;
    }
}
