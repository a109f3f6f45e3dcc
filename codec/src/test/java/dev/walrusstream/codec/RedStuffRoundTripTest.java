package dev.walrusstream.codec;

import dev.walrusstream.codec.bcs.BcsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding, verification and recovery on random blobs and random subsets. */
class RedStuffRoundTripTest {
    private final RedStuff codec = RedStuff.create();

    @ParameterizedTest
    @CsvSource({"4,0", "4,1", "7,1000", "10,4097", "13,99", "13,30000", "100,100000", "31,777"})
    void decodesFromAnyNpPrimarySlivers(int n, int size) {
        Random random = new Random(n * 31L + size);
        byte[] data = randomBytes(random, size);
        EncodedBlob blob = codec.encode(n, data);
        int np = blob.params().primarySymbols();
        for (int trial = 0; trial < 4; trial++) {
            List<Sliver> subset = randomSubset(random, n, np).stream().map(blob::primarySliver).toList();
            assertArrayEquals(data, codec.decode(blob.metadata(), subset, ConsistencyCheck.DEFAULT), "subset " + trial);
        }
        List<Sliver> nonSystematic = IntStream.range(np, np + np).mapToObj(blob::primarySliver).toList();
        assertArrayEquals(data, codec.decode(blob.metadata(), nonSystematic, ConsistencyCheck.STRICT));
    }

    @Test
    void tooFewSliversIsNamed() {
        EncodedBlob blob = codec.encode(10, new byte[100]);
        List<Sliver> three = List.of(blob.primarySliver(0), blob.primarySliver(5), blob.primarySliver(9));
        CodecException.NotEnoughSymbols e = assertThrows(CodecException.NotEnoughSymbols.class,
                () -> codec.decode(blob.metadata(), three, ConsistencyCheck.DEFAULT));
        assertEquals(3, e.have());
        assertEquals(4, e.need());
    }

    @ParameterizedTest
    @CsvSource({"4,10", "7,5000", "10,12345", "13,2", "100,40000"})
    void everySliverVerifiesAndTamperedOnesAreRejected(int n, int size) {
        Random random = new Random(size);
        EncodedBlob blob = codec.encode(n, randomBytes(random, size));
        List<Sliver> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(blob.primarySliver(i));
            all.add(blob.secondarySliver(i));
        }
        codec.verifyAll(blob.metadata(), all);
        for (SliverType type : SliverType.values()) {
            int index = random.nextInt(n);
            Sliver good = blob.sliver(type, index);
            byte[] bad = good.data().clone();
            bad[random.nextInt(bad.length)] ^= 0x40;
            Sliver tampered = new Sliver(type, index, good.symbolSize(), bad);
            CodecException.SliverMismatch e = assertThrows(CodecException.SliverMismatch.class,
                    () -> codec.verify(blob.metadata(), tampered));
            assertEquals(type, e.type());
            assertEquals(index, e.index());
            Sliver wrongIndex = new Sliver(type, (index + 1) % n, good.symbolSize(), good.data());
            assertThrows(CodecException.SliverMismatch.class, () -> codec.verify(blob.metadata(), wrongIndex));
        }
    }

    @Test
    void wrongShapesAreNamed() {
        EncodedBlob blob = codec.encode(7, new byte[1000]);
        Sliver good = blob.primarySliver(2);
        Sliver shorter = new Sliver(SliverType.PRIMARY, 2, good.symbolSize(),
                java.util.Arrays.copyOf(good.data(), good.data().length - good.symbolSize()));
        CodecException.InvalidSliver e = assertThrows(CodecException.InvalidSliver.class,
                () -> codec.verify(blob.metadata(), shorter));
        assertTrue(e.getMessage().contains("expected " + good.data().length), e.getMessage());
        Sliver outOfRange = new Sliver(SliverType.SECONDARY, 7, good.symbolSize(), blob.secondarySliver(0).data());
        assertThrows(CodecException.InvalidSliver.class, () -> codec.verify(blob.metadata(), outOfRange));
        Sliver wrongSymbol = new Sliver(SliverType.PRIMARY, 2, 4, new byte[good.data().length]);
        assertThrows(CodecException.InvalidSliver.class, () -> codec.verify(blob.metadata(), wrongSymbol));
    }

    @ParameterizedTest
    @CsvSource({"4,64", "7,999", "10,5000", "13,40000", "100,20000"})
    void recoversLostSliversOfBothTypesFromRecoverySymbols(int n, int size) {
        Random random = new Random(n + size);
        EncodedBlob blob = codec.encode(n, randomBytes(random, size));
        BlobMetadata metadata = blob.metadata();
        RedStuffParams params = blob.params();
        for (SliverType target : SliverType.values()) {
            for (int trial = 0; trial < 3; trial++) {
                int lost = random.nextInt(n);
                int need = target == SliverType.PRIMARY ? params.secondarySymbols() : params.primarySymbols();
                List<RecoverySymbol> symbols = new ArrayList<>();
                for (int source : randomSubset(random, n, need)) {
                    Sliver from = blob.sliver(target.orthogonal(), source);
                    symbols.addAll(codec.recoverySymbols(metadata, from, lost));
                }
                symbols.forEach(s -> s.verify(metadata));
                List<RecoverySymbol> viaWire = RecoverySymbol.listFromBcs(RecoverySymbol.listToBcs(symbols));
                assertEquals(symbols, viaWire);
                Sliver recovered = codec.recoverSliver(metadata, target, lost, viaWire);
                assertEquals(blob.sliver(target, lost), recovered, target + " sliver " + lost);
            }
        }
    }

    @Test
    void tamperedRecoverySymbolsAreIgnoredAndCounted() {
        int n = 10;
        EncodedBlob blob = codec.encode(n, randomBytes(new Random(1), 3000));
        BlobMetadata metadata = blob.metadata();
        int lost = 3;
        int need = blob.params().primarySymbols();
        List<RecoverySymbol> symbols = new ArrayList<>();
        for (int source = 0; source < need + 1; source++) {
            symbols.addAll(codec.recoverySymbols(metadata, blob.primarySliver(source), lost));
        }
        RecoverySymbol first = symbols.get(0);
        byte[] bad = first.data().clone();
        bad[0] ^= 1;
        RecoverySymbol forged = new RecoverySymbol(first.targetType(), first.sourceIndex(), bad, first.targetIndex(), first.proof());
        assertThrows(CodecException.InvalidRecoverySymbol.class, () -> forged.verify(metadata));
        symbols.set(0, forged);
        assertEquals(blob.secondarySliver(lost), codec.recoverSliver(metadata, SliverType.SECONDARY, lost, symbols),
                "one forged symbol among need+1 is skipped");
        symbols.set(1, forged);
        CodecException.NotEnoughSymbols e = assertThrows(CodecException.NotEnoughSymbols.class,
                () -> codec.recoverSliver(metadata, SliverType.SECONDARY, lost, symbols));
        assertEquals(need - 1, e.have());
    }

    @Test
    void metadataIsCheckedAgainstItsBlobId() {
        EncodedBlob a = codec.encode(10, new byte[]{1, 2, 3});
        EncodedBlob b = codec.encode(10, new byte[]{1, 2, 4});
        a.metadata().verify(a.blobId());
        CodecException.MetadataMismatch e = assertThrows(CodecException.MetadataMismatch.class,
                () -> a.metadata().verify(b.blobId()));
        assertTrue(e.getMessage().contains(b.blobId().base64Url()), e.getMessage());
        BlobMetadata.WithId withId = BlobMetadata.fromBcsWithId(a.metadata().toBcsWithId(a.blobId()));
        assertEquals(a.blobId(), withId.blobId());
        assertEquals(a.metadata(), withId.metadata());
    }

    @Test
    void sliverBcsRoundTripsAndRejectsGarbage() {
        EncodedBlob blob = codec.encode(7, new byte[500]);
        Sliver s = blob.secondarySliver(4);
        assertEquals(s, Sliver.fromBcs(SliverType.SECONDARY, s.toBcs()));
        byte[] body = s.toBcs();
        assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.SECONDARY, java.util.Arrays.copyOf(body, body.length - 1)));
        byte[] trailing = java.util.Arrays.copyOf(body, body.length + 1);
        BcsException e = assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.SECONDARY, trailing));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(new byte[]{0, 0}));
    }

    @Test
    void documentedSliverBcsExample() {
        Sliver s = new Sliver(SliverType.PRIMARY, 0, 2, new byte[10]);
        byte[] expected = new byte[15];
        expected[0] = 0x0a;
        expected[11] = 2;
        assertArrayEquals(expected, s.toBcs());
    }

    static byte[] randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    static List<Integer> randomSubset(Random random, int n, int k) {
        List<Integer> all = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(all, random);
        return all.subList(0, k);
    }
}
