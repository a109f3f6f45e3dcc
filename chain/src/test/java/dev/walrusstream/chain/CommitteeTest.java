package dev.walrusstream.chain;

import dev.walrusstream.chain.local.LocalChainGenesis;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitteeTest {

    @Test
    void quorumIsTwoThirdsPlusOneOfShards() {
        Committee c10 = TestCommittees.genesis(10, 4, TestCommittees.address("a"), 1).committee(1);
        assertEquals(7, c10.quorumWeight());
        assertTrue(c10.isQuorum(7));
        assertFalse(c10.isQuorum(6));
        assertTrue(c10.includesOneCorrectNode(4));
        assertFalse(c10.includesOneCorrectNode(3));
        Committee c1000 = TestCommittees.genesis(1000, 10, TestCommittees.address("a"), 1).committee(1);
        assertEquals(667, c1000.quorumWeight());
        assertTrue(c1000.isQuorum(667));
        assertFalse(c1000.isQuorum(666));
    }

    @Test
    void bitmapIsLsbFirstOverMembers() {
        Committee c = TestCommittees.genesis(20, 10, TestCommittees.address("a"), 1).committee(1);
        assertArrayEquals(new byte[] {(byte) 0b1000_0101, 0b10}, c.bitmap(List.of(0, 2, 7, 9)));
    }

    @Test
    void balancedShardsAreContiguous() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7), List.of(8, 9)),
                LocalChainGenesis.balancedShards(10, 4));
        assertThrows(IllegalArgumentException.class, () -> LocalChainGenesis.balancedShards(4, 5));
    }

    @Test
    void refusesOverlappingOrMissingShards() {
        var g = TestCommittees.genesis(10, 2, TestCommittees.address("a"), 1);
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
