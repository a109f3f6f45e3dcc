package dev.walrusstream.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verifyAll over a node's mixed batch (primary and secondary slivers interleaved, as a node holds
 * them) names exactly the sliver that fails: its type and index, for a byte flipped at the start of
 * the systematic part, inside a middle symbol, and in the last byte (the symbol's tail, which the
 * work area packs apart, so every parity symbol of the extension changes through another path).
 * Batch sizes cover one sliver per work batch (large S) and several (small S, batches split).
 */
class VerifyAllNamesFaultTest {
    private final RedStuff codec = RedStuff.create();

    @ParameterizedTest(name = "n={0} size={1}")
    @CsvSource({"10,3584", "10,10000", "10,200000", "100,200000", "100,1000000"})
    void namesTheCorruptedSliverOfAMixedBatch(int n, int size) {
        Random random = new Random(n * 7919L + size);
        byte[] data = new byte[size];
        random.nextBytes(data);
        EncodedBlob blob = codec.encode(n, data);
        int nodes = 3;
        for (int node = 0; node < nodes; node++) {
            List<Sliver> held = new ArrayList<>();
            for (int shard = node; shard < n; shard += nodes) {
                held.add(blob.primarySliver(shard));
                held.add(blob.secondarySliver(shard));
            }
            codec.verifyAll(blob.metadata(), held);
            for (int pick : new int[]{0, held.size() - 1, random.nextInt(held.size())}) {
                Sliver victim = held.get(pick);
                int len = victim.data().length;
                int s = victim.symbolSize();
                for (int at : new int[]{0, (victim.symbolCount() / 2) * s + s / 3, len - 1}) {
                    List<Sliver> bad = new ArrayList<>(held);
                    bad.set(pick, flipped(victim, at));
                    CodecException.SliverMismatch e = assertThrows(CodecException.SliverMismatch.class,
                            () -> codec.verifyAll(blob.metadata(), bad), "byte " + at + " of " + victim);
                    assertEquals(victim.type(), e.type(), "type named for byte " + at + " of " + victim);
                    assertEquals(victim.index(), e.index(), "index named for byte " + at + " of " + victim);
                    assertTrue(e.getMessage().contains(victim.type().label() + " sliver " + victim.index()),
                            e.getMessage());
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"10", "100"})
    void withTwoBadSliversThePrimaryInInputOrderIsNamedFirst(int n) {
        byte[] data = new byte[50_000];
        new Random(n).nextBytes(data);
        EncodedBlob blob = codec.encode(n, data);
        List<Sliver> held = new ArrayList<>();
        for (int shard = 0; shard < n; shard += 2) {
            held.add(blob.secondarySliver(shard));
            held.add(blob.primarySliver(shard));
        }
        held.set(0, flipped(held.get(0), 5));                 // secondary 0, first in the list
        held.set(held.size() - 1, flipped(held.get(held.size() - 1), 5)); // the last primary
        CodecException.SliverMismatch e = assertThrows(CodecException.SliverMismatch.class,
                () -> codec.verifyAll(blob.metadata(), held));
        assertEquals(SliverType.PRIMARY, e.type());
        assertEquals(held.get(held.size() - 1).index(), e.index());
        codec.verify(blob.metadata(), blob.primarySliver(held.get(held.size() - 1).index()));
    }

    private static Sliver flipped(Sliver sliver, int at) {
        byte[] copy = sliver.data().clone();
        copy[at] ^= 0x5A;
        return new Sliver(sliver.type(), sliver.index(), sliver.symbolSize(), copy);
    }
}
