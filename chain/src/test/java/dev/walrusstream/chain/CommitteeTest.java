package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.codec.hash.Blake2b256;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitteeTest {

    /** A committee of {@code members} nodes with balanced shards, node IDs and BLS keys derived from their index. */
    static Committee committee(int nShards, int members) {
        List<List<Integer>> shards = Committee.balancedShards(nShards, members);
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ids.add(ObjectId.of(hash("node " + i)));
        }
        ids.sort(Comparator.naturalOrder());
        List<StorageNodeInfo> infos = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            byte[] secret = hash("bls key " + i);
            secret[0] &= 0x0f; // below the group order
            infos.add(new StorageNodeInfo(ids.get(i), "node-" + i, "127.0.0.1:" + (20000 + i),
                    BlsKeyPair.fromSecretBytes(secret).publicKey(), shards.get(i)));
        }
        return new Committee(1, nShards, infos);
    }

    private static byte[] hash(String seed) {
        Blake2b256 h = new Blake2b256();
        h.update(seed.getBytes(StandardCharsets.UTF_8));
        return h.finish();
    }

    @Test
    void quorumIsTwoThirdsPlusOneOfShards() {
        Committee c10 = committee(10, 4);
        assertEquals(7, c10.quorumWeight());
        assertTrue(c10.isQuorum(7));
        assertFalse(c10.isQuorum(6));
        assertTrue(c10.includesOneCorrectNode(4));
        assertFalse(c10.includesOneCorrectNode(3));
        Committee c1000 = committee(1000, 10);
        assertEquals(667, c1000.quorumWeight());
        assertTrue(c1000.isQuorum(667));
        assertFalse(c1000.isQuorum(666));
    }

    @Test
    void bitmapIsLsbFirstOverMembers() {
        Committee c = committee(20, 10);
        assertArrayEquals(new byte[] {(byte) 0b1000_0101, 0b10}, c.bitmap(List.of(0, 2, 7, 9)));
    }

    @Test
    void balancedShardsAreContiguous() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7), List.of(8, 9)),
                Committee.balancedShards(10, 4));
        assertThrows(IllegalArgumentException.class, () -> Committee.balancedShards(4, 5));
    }

    @Test
    void refusesOverlappingOrMissingShards() {
        var g = committee(10, 2);
        var a = g.members().get(0);
        var b = g.members().get(1);
        var overlapping = new StorageNodeInfo(b.nodeId(), b.name(), b.networkAddress(), b.publicKey(), List.of(4, 5, 6, 7, 8, 9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Committee(1, 10, List.of(a, overlapping)));
        assertEquals("shard 4 is assigned twice", e.getMessage());
        var missing = new StorageNodeInfo(b.nodeId(), b.name(), b.networkAddress(), b.publicKey(), List.of(5, 6, 7, 8));
        assertEquals("shard 9 is assigned to no member",
                assertThrows(IllegalArgumentException.class, () -> new Committee(1, 10, List.of(a, missing))).getMessage());
    }
}
