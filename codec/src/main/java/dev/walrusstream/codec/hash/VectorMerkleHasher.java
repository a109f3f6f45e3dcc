package dev.walrusstream.codec.hash;

/** Four hashes at a time with {@link Blake2bLanes4}; leftovers one at a time. */
final class VectorMerkleHasher extends MerkleHasher {
    private final Blake2bLanes4 lanes = new Blake2bLanes4();
    private final ScalarMerkleHasher single = new ScalarMerkleHasher();
    private final byte[] zero = new byte[MerkleTree.NODE];

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void leaves(byte[] src, int srcOffset, int srcStride, int length, int count,
                       byte[] out, int outOffset, int outStride) {
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            int s = srcOffset + i * srcStride;
            int o = outOffset + i * outStride;
            lanes.hashPrefixed((byte) 0, src, s, s + srcStride, s + 2 * srcStride, s + 3 * srcStride, length,
                    out, o, o + outStride, o + 2 * outStride, o + 3 * outStride);
        }
        if (i < count) {
            single.leaves(src, srcOffset + i * srcStride, srcStride, length, count - i, out, outOffset + i * outStride, outStride);
        }
    }

    @Override
    void level(byte[] in, int offset, int stride, int count, byte[] out, int outOffset) {
        int pairs = count / 2;
        int i = 0;
        int node = MerkleTree.NODE;
        // Parents are written at or below the position of the children read in the same group, so
        // the level can be computed in place (out == in, stride == 32).
        for (; i + 4 <= pairs; i += 4) {
            int l = offset + 2 * i * stride;
            lanes.hashInner(in, l, l + 2 * stride, l + 4 * stride, l + 6 * stride,
                    in, l + stride, l + 3 * stride, l + 5 * stride, l + 7 * stride,
                    out, outOffset + i * node, outOffset + (i + 1) * node, outOffset + (i + 2) * node,
                    outOffset + (i + 3) * node);
        }
        for (; i < pairs; i++) {
            int l = offset + 2 * i * stride;
            single.level(in, l, stride, 2, out, outOffset + i * node);
        }
        if ((count & 1) == 1) {
            single.level(in, offset + (count - 1) * stride, stride, 1, out, outOffset + pairs * node);
        }
    }
}
