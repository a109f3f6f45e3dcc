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

    /**
     * decode's DEFAULT check re-hashes the systematic primary slivers it rebuilt (through the same
     * roots as verifyAll): a received sliver that was never verified and carries a flipped byte makes
     * every rebuilt row wrong, which the check names; SKIP trusts it; the untouched set decodes.
     */
    @ParameterizedTest(name = "n={0}")
    @CsvSource({"10", "100"})
    void decodeNamesARebuiltSliverThatDoesNotMatchTheMetadata(int n) {
        byte[] data = new byte[60_000];
        new Random(n + 1).nextBytes(data);
        EncodedBlob blob = codec.encode(n, data);
        // the last primary slivers only: every systematic row (0 .. n_p - 1) is rebuilt, not received
        int needed = blob.params().secondarySymbols();
        List<Sliver> received = new ArrayList<>();
        for (int r = n - needed; r < n; r++) {
            received.add(blob.primarySliver(r));
        }
        assertTrue(java.util.Arrays.equals(data, codec.decode(blob.metadata(), received, ConsistencyCheck.DEFAULT)));
        List<Sliver> bad = new ArrayList<>(received);
        bad.set(0, flipped(bad.get(0), 3));
        CodecException.InconsistentBlob e = assertThrows(CodecException.InconsistentBlob.class,
                () -> codec.decode(blob.metadata(), bad, ConsistencyCheck.DEFAULT));
        assertTrue(e.getMessage().contains("decoded primary sliver 0 does not match the metadata"), e.getMessage());
        byte[] trusted = codec.decode(blob.metadata(), bad, ConsistencyCheck.SKIP);
        assertTrue(!java.util.Arrays.equals(data, trusted), "SKIP decodes the flipped sliver's rows as given");
    }

    private static Sliver flipped(Sliver sliver, int at) {
        byte[] copy = sliver.data().clone();
        copy[at] ^= 0x5A;
        return new Sliver(sliver.type(), sliver.index(), sliver.symbolSize(), copy);
    }
}
