package dev.walrusstream.codec.hash;

/**
 * {@link Blake2bLanes#LANES} hashes at a time with {@link Blake2bLanes}; a partial last group
 * still goes through the lanes, since one vector compression costs less than two scalar ones.
 */
final class VectorMerkleHasher extends MerkleHasher {
    private static final int LANES = Blake2bLanes.LANES;
    private final Blake2bLanes lanes = new Blake2bLanes();
    private final ScalarMerkleHasher single = new ScalarMerkleHasher();
    private final int[] sources = new int[LANES];
    private final int[] targets = new int[LANES];

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void leaves(byte[] src, int srcOffset, int srcStride, int length, int count,
                       byte[] out, int outOffset, int outStride) {
        if (count == 1) {
            single.leaves(src, srcOffset, srcStride, length, 1, out, outOffset, outStride);
            return;
        }
        for (int i = 0; i < count; i += LANES) {
            int group = Math.min(LANES, count - i);
            for (int lane = 0; lane < group; lane++) {
                sources[lane] = srcOffset + (i + lane) * srcStride;
                targets[lane] = outOffset + (i + lane) * outStride;
            }
            lanes.hashPrefixed((byte) 0, src, sources, group, length, out, targets);
        }
    }

    @Override
    void level(byte[] in, int offset, int stride, int count, byte[] out, int outOffset) {
        if (count <= 2) {
            single.level(in, offset, stride, count, out, outOffset);
            return;
        }
        // Each group reads its 2·LANES children before writing its LANES parents, and the parents
        // lie at or below the group's children, so the level can be computed in place
        // (out == in, stride == 32).
        for (int i = 0; i < count; i += 2 * LANES) {
            lanes.hashInner(in, offset + i * stride, stride, Math.min(2 * LANES, count - i), out,
                    outOffset + (i / 2) * MerkleTree.NODE);
        }
    }
}
