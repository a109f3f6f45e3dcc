package dev.walrusstream.codec;

import dev.walrusstream.codec.bcs.BcsException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slivers verified where they lie: each sliver's BCS form packed at an odd offset into one larger
 * buffer with junk between (as a node's batch body holds them), parsed in place and verified there.
 */
class SliverSymbolsTest {
    private final RedStuff codec = RedStuff.create();

    @Test
    void sliversInsideABodyVerifyInPlaceAndAFlippedByteIsNamed() {
        Random random = new Random(17);
        byte[] data = new byte[300_000];
        random.nextBytes(data);
        EncodedBlob blob = codec.encode(10, data);
        List<Sliver> slivers = new ArrayList<>();
        for (int pair = 0; pair < 10; pair += 3) {
            slivers.add(blob.primarySliver(pair));
            slivers.add(blob.secondarySliver(pair));
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int[] offsets = new int[slivers.size()];
        int[] lengths = new int[slivers.size()];
        for (int i = 0; i < slivers.size(); i++) {
            byte[] junk = new byte[1 + random.nextInt(7)];
            random.nextBytes(junk);
            body.writeBytes(junk);
            byte[] bcs = slivers.get(i).toBcs();
            offsets[i] = body.size();
            lengths[i] = bcs.length;
            body.writeBytes(bcs);
        }
        byte[] buffer = body.toByteArray();
        List<SliverSymbols> views = new ArrayList<>();
        for (int i = 0; i < slivers.size(); i++) {
            SliverSymbols view = SliverSymbols.fromBcs(slivers.get(i).type(), buffer, offsets[i], lengths[i]);
            assertEquals(slivers.get(i), view.toSliver(), "sliver " + i + " read back from the body");
            assertEquals(slivers.get(i), Sliver.fromBcs(slivers.get(i).type(), buffer, offsets[i], lengths[i]));
            assertTrue(view.offset() > offsets[i], "symbols start after the length prefix, not copied");
            views.add(view);
        }
        codec.verifySymbols(blob.metadata(), views);

        SliverSymbols victim = views.get(3);
        byte[] bad = buffer.clone();
        bad[victim.offset() + victim.length() / 2] ^= 0x10;
        List<SliverSymbols> badViews = new ArrayList<>();
        for (int i = 0; i < slivers.size(); i++) {
            badViews.add(SliverSymbols.fromBcs(slivers.get(i).type(), bad, offsets[i], lengths[i]));
        }
        CodecException.SliverMismatch e = assertThrows(CodecException.SliverMismatch.class,
                () -> codec.verifySymbols(blob.metadata(), badViews));
        assertEquals(victim.type(), e.type());
        assertEquals(victim.index(), e.index());
    }

    @Test
    void badSlicesAndBadBodiesAreRefusedWithTheirValues() {
        byte[] bcs = new Sliver(SliverType.PRIMARY, 4, 2, new byte[]{1, 2, 3, 4}).toBcs();
        BcsException outside = assertThrows(BcsException.class,
                () -> SliverSymbols.fromBcs(SliverType.PRIMARY, bcs, 3, bcs.length));
        assertTrue(outside.getMessage().contains("[3, +" + bcs.length + ")"), outside.getMessage());
        byte[] oddSize = Arrays.copyOf(bcs, bcs.length);
        oddSize[bcs.length - 4] = 3; // symbol size 3: not even
        BcsException size = assertThrows(BcsException.class,
                () -> SliverSymbols.fromBcs(SliverType.PRIMARY, oddSize, 0, oddSize.length));
        assertTrue(size.getMessage().contains("symbol size 3"), size.getMessage());
        IllegalArgumentException view = assertThrows(IllegalArgumentException.class,
                () -> new SliverSymbols(SliverType.SECONDARY, 1, 2, new byte[8], 6, 4));
        assertTrue(view.getMessage().contains("[6, +4)") && view.getMessage().contains("8-byte"), view.getMessage());
    }
}
