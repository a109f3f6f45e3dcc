package dev.walrusstream.codec.hash;

import dev.walrusstream.codec.internal.VectorSupport;

/**
 * Bulk Merkle hashing: many equal-length leaves, and roots over strided leaf hashes. The vector
 * implementation hashes four or eight messages per instruction stream; both give identical bytes.
 * Not thread-safe: one instance per thread ({@link #create()} is cheap).
 *
 * <p>{@code -Dwalrus.codec.hash=scalar} forces the scalar implementation;
 * {@code -Dwalrus.codec.hash.lanes=4|8} the vector width (another value fails this class's
 * initialisation, naming it).
 */
public abstract class MerkleHasher {
    private static final boolean VECTOR = VectorSupport.present()
            && !"scalar".equals(System.getProperty("walrus.codec.hash")) && lanesReady();

    /**
     * Initialises the lane hasher once: a bad {@code walrus.codec.hash.lanes} fails here, naming the
     * value, instead of quietly leaving every hash to the scalar hasher.
     */
    private static boolean lanesReady() {
        try {
            return Blake2bLanes.LANES > 0;
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw bad;
            }
            return false;
        } catch (LinkageError e) {
            return false;
        }
    }

    MerkleHasher() {
    }

    public static MerkleHasher create() {
        if (VECTOR) {
            try {
                return new VectorMerkleHasher();
            } catch (LinkageError | RuntimeException e) {
                return new ScalarMerkleHasher();
            }
        }
        return new ScalarMerkleHasher();
    }

    public static MerkleHasher scalar() {
        return new ScalarMerkleHasher();
    }

    public abstract String name();

    /**
     * Leaf hashes: {@code out[outOffset + i·outStride ..+32) = H(0x00 || src[srcOffset + i·srcStride ..+length))}
     * for {@code i < count}.
     */
    public abstract void leaves(byte[] src, int srcOffset, int srcStride, int length, int count,
                                byte[] out, int outOffset, int outStride);

    /**
     * One tree level: parent i = H(0x01 || node 2i || node 2i+1) for the {@code count} nodes at
     * {@code in[offset + k·stride]}, the last node paired with zeros when count is odd. Parents go
     * to {@code out[outOffset + 32·i]}; {@code out} may be {@code in} when stride is 32 and offsets match.
     */
    abstract void level(byte[] in, int offset, int stride, int count, byte[] out, int outOffset);

    /** Root over {@code count} leaf hashes at {@code hashes[offset + i·stride]} (32 zero bytes when empty). */
    public void root(byte[] hashes, int offset, int stride, int count, byte[] out, int outOffset) {
        if (count == 0) {
            java.util.Arrays.fill(out, outOffset, outOffset + MerkleTree.NODE, (byte) 0);
            return;
        }
        if (count == 1) {
            System.arraycopy(hashes, offset, out, outOffset, MerkleTree.NODE);
            return;
        }
        byte[] scratch = scratch((count + 1) / 2);
        level(hashes, offset, stride, count, scratch, 0);
        int size = (count + 1) / 2;
        while (size > 1) {
            level(scratch, 0, MerkleTree.NODE, size, scratch, 0);
            size = (size + 1) / 2;
        }
        System.arraycopy(scratch, 0, out, outOffset, MerkleTree.NODE);
    }

    private byte[] scratch;

    private byte[] scratch(int nodes) {
        int bytes = nodes * MerkleTree.NODE + 4 * MerkleTree.NODE;
        if (scratch == null || scratch.length < bytes) {
            scratch = new byte[bytes];
        }
        return scratch;
    }
}
