package dev.walrusstream.codec.hash;

import jdk.incubator.vector.LongVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lane width and the partial groups of {@link Blake2bLanes}. The codec's Maven build runs this
 * class and {@link MerkleHasherTest} once more with each width forced ({@code walrus.codec.hash.lanes}
 * 4 and 8), so both widths are checked whatever the machine's vectors.
 */
class Blake2bLanesTest {
    @Test
    void widthFollowsThePreferredVectorUnlessForced() {
        int preferred = LongVector.SPECIES_PREFERRED.length() >= 8 ? 8 : 4;
        assertEquals(preferred, Blake2bLanes.pickSpecies("").length());
        assertEquals(4, Blake2bLanes.pickSpecies("4").length());
        assertEquals(8, Blake2bLanes.pickSpecies("8").length());
        String forced = System.getProperty("walrus.codec.hash.lanes", "");
        assertEquals(forced.isEmpty() ? preferred : Integer.parseInt(forced), Blake2bLanes.LANES);
    }

    @Test
    void anUnknownWidthIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blake2bLanes.pickSpecies("16"));
        assertTrue(e.getMessage().contains("'16'"), e.getMessage());
    }

    /** Every group size from one to the full width, with the unused lanes' outputs left untouched. */
    @Test
    void partialGroupsHashOnlyTheirMessagesAndStoreOnlyTheirLanes() {
        Random random = new Random(9);
        Blake2bLanes lanes = new Blake2bLanes();
        Blake2b256 single = new Blake2b256();
        int length = 300;
        byte[] src = new byte[Blake2bLanes.LANES * length];
        random.nextBytes(src);
        for (int count = 1; count <= Blake2bLanes.LANES; count++) {
            int[] sources = new int[Blake2bLanes.LANES];
            int[] targets = new int[Blake2bLanes.LANES];
            for (int lane = 0; lane < Blake2bLanes.LANES; lane++) {
                sources[lane] = (Blake2bLanes.LANES - 1 - lane) * length;
                targets[lane] = lane * 32;
            }
            byte[] out = new byte[Blake2bLanes.LANES * 32];
            java.util.Arrays.fill(out, (byte) 0x5A);
            lanes.hashPrefixed((byte) 0, src, sources, count, length, out, targets);
            for (int lane = 0; lane < Blake2bLanes.LANES; lane++) {
                byte[] got = java.util.Arrays.copyOfRange(out, 32 * lane, 32 * lane + 32);
                byte[] expected = new byte[32];
                if (lane < count) {
                    single.hashPrefixed((byte) 0, src, sources[lane], length, expected, 0);
                } else {
                    java.util.Arrays.fill(expected, (byte) 0x5A);
                }
                assertArrayEquals(expected, got, "group of " + count + ", lane " + lane);
            }
        }
    }
}
