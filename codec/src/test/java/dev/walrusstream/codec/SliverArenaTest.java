package dev.walrusstream.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encoding into a reused {@link SliverArena}: the same bytes as fresh slivers, and no silent reuse. */
class SliverArenaTest {
    private final RedStuff codec = RedStuff.create();

    @ParameterizedTest
    @CsvSource({"10,50000", "100,1", "100,200000"})
    void reusedBuffersGiveTheSameSliversAsFreshOnesAndAllocateOnce(int n, int sizeHint) {
        RedStuffParams params = RedStuffParams.of(n);
        SliverArena arena = SliverArena.create();
        Random random = new Random(n + sizeHint);
        // one symbol size, shrinking lengths: each blob pads more of the rows the previous one filled
        int s = params.symbolSize(sizeHint);
        int symbols = params.primarySymbols() * params.secondarySymbols();
        int full = symbols * s;
        int smallest = s == 2 ? 1 : symbols * (s - 2) + 1;
        for (int length : new int[] {full, full - 1, (full + smallest) / 2, smallest + 1, smallest}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            EncodedBlob expected = codec.encode(params, data, 0, length);
            EncodedBlob actual = codec.encode(params, data, 0, length, arena);
            assertEquals(s, actual.symbolSize(), "length " + length + " keeps the symbol size");
            assertEquals(expected.blobId(), actual.blobId(), "length " + length);
            assertEquals(expected.metadata(), actual.metadata(), "length " + length);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(expected.primarySliver(i).data(), actual.primarySliver(i).data(), "primary " + i);
                assertArrayEquals(expected.secondarySliver(i).data(), actual.secondarySliver(i).data(), "secondary " + i);
            }
        }
        assertEquals(1, arena.allocations(), "one shape, one allocation");
        assertTrue(arena.retainedBytes() > 0);
    }

    @Test
    void anArenaEncodedBlobRefusesItsSliversOnceTheArenaMovedOn() {
        RedStuffParams params = RedStuffParams.of(7);
        SliverArena arena = SliverArena.create();
        EncodedBlob first = codec.encode(params, new byte[1000], 0, 1000, arena);
        first.primarySliver(0);
        EncodedBlob second = codec.encode(params, new byte[1000], 0, 1000, arena);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> first.secondarySliver(3));
        assertTrue(e.getMessage().contains("encode 1, the arena is at 2"), e.getMessage());
        assertEquals(first.blobId(), second.blobId(), "the metadata outlives the slivers");
        second.secondarySliver(3);
    }

    @Test
    void anotherShapeReallocates() {
        SliverArena arena = SliverArena.create();
        byte[] small = new byte[100];
        byte[] large = new byte[100_000];
        new Random(1).nextBytes(large);
        codec.encode(RedStuffParams.of(10), small, 0, small.length, arena);
        EncodedBlob blob = codec.encode(RedStuffParams.of(10), large, 0, large.length, arena);
        assertEquals(2, arena.allocations());
        assertEquals(codec.encode(10, large).blobId(), blob.blobId());
        codec.encode(RedStuffParams.of(13), large, 0, large.length, arena);
        assertEquals(3, arena.allocations());
    }

    @Test
    void anArenaIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(RedStuffParams.of(4), new byte[1], 0, 1, null));
        assertTrue(e.getMessage().contains("arena is required"), e.getMessage());
    }
}
