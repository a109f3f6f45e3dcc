package dev.walrusstream.codec.hash;

/** One hash at a time with {@link Blake2b256}. */
final class ScalarMerkleHasher extends MerkleHasher {
    private final Blake2b256 h = new Blake2b256();
    private final byte[] zero = new byte[MerkleTree.NODE];

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void leaves(byte[] src, int srcOffset, int srcStride, int length, int count,
                       byte[] out, int outOffset, int outStride) {
        for (int i = 0; i < count; i++) {
            h.hashPrefixed((byte) 0, src, srcOffset + i * srcStride, length, out, outOffset + i * outStride);
        }
    }

    @Override
    void level(byte[] in, int offset, int stride, int count, byte[] out, int outOffset) {
        int pairs = count / 2;
        for (int i = 0; i < pairs; i++) {
            int left = offset + 2 * i * stride;
            h.hashInner(in, left, in, left + stride, out, outOffset + i * MerkleTree.NODE);
        }
        if ((count & 1) == 1) {
            h.hashInner(in, offset + (count - 1) * stride, zero, 0, out, outOffset + pairs * MerkleTree.NODE);
        }
    }
}
