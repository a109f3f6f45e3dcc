package dev.walrusstream.codec.hash;

import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MerkleTreeTest {
    private static final String[] WORDS = {"foo", "bar", "fizz", "baz", "buzz", "fizz", "foobar", "walrus", "fizz"};

    @Test
    void blake2b256KnownAnswer() {
        assertEquals("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
                HexFormat.of().formatHex(Blake2b256.hash("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void emptyTreeHasZeroRootAndSingleLeafIsItsHash() {
        assertArrayEquals(new byte[32], MerkleTree.build(List.of()).root());
        byte[] leaf = "Test".getBytes(StandardCharsets.UTF_8);
        byte[] expected = new Blake2b256().update((byte) 0).update(leaf).finish();
        assertArrayEquals(expected, MerkleTree.build(List.of(leaf)).root());
    }

    @Test
    void oddLevelsArePaddedWithAZeroNode() {
        List<byte[]> leaves = leaves(3);
        byte[] h0 = leafHash(leaves.get(0));
        byte[] h1 = leafHash(leaves.get(1));
        byte[] h2 = leafHash(leaves.get(2));
        byte[] left = inner(h0, h1);
        byte[] right = inner(h2, new byte[32]);
        assertArrayEquals(inner(left, right), MerkleTree.build(leaves).root());
    }

    @Test
    void everyProofVerifiesAndRoundTripsThroughBcs() {
        for (int count = 1; count <= WORDS.length; count++) {
            List<byte[]> leaves = leaves(count);
            MerkleTree tree = MerkleTree.build(leaves);
            byte[] flat = new byte[count * 32];
            for (int i = 0; i < count; i++) {
                System.arraycopy(leafHash(leaves.get(i)), 0, flat, i * 32, 32);
            }
            byte[] streamed = new byte[32];
            MerkleTree.root(flat, 0, 32, count, streamed, 0);
            assertArrayEquals(tree.root(), streamed, "streamed root of " + count);
            for (int i = 0; i < count; i++) {
                byte[] leaf = leaves.get(i);
                MerkleProof proof = tree.proof(i);
                assertEquals(MerkleProof.height(count), proof.path().size());
                assertTrue(proof.verify(tree.root(), count, leaf, 0, leaf.length, i), count + "/" + i);
                assertFalse(proof.verify(tree.root(), count, leaf, 0, leaf.length, (i + 1) % Math.max(2, count)),
                        "wrong index " + count + "/" + i);
                BcsWriter w = new BcsWriter();
                proof.writeBcs(w);
                assertEquals(proof, MerkleProof.readBcs(new BcsReader(w.toByteArray())));
            }
        }
    }

    @Test
    void paddingSiblingIsAnEmptyNode() {
        MerkleTree tree = MerkleTree.build(leaves(3));
        MerkleProof proof = tree.proof(2);
        assertNull(proof.path().get(0), "the sibling of the last odd leaf is Node::Empty");
        BcsWriter w = new BcsWriter();
        proof.writeBcs(w);
        byte[] bcs = w.toByteArray();
        assertEquals(2, bcs[0]);
        assertEquals(0, bcs[1], "Empty serialises as tag 0 alone");
        assertEquals(1, bcs[2]);
    }

    private static List<byte[]> leaves(int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(WORDS[i].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] leafHash(byte[] data) {
        return new Blake2b256().update((byte) 0).update(data).finish();
    }

    private static byte[] inner(byte[] l, byte[] r) {
        return new Blake2b256().update((byte) 1).update(l).update(r).finish();
    }
}
