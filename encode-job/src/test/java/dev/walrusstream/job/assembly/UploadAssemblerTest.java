package dev.walrusstream.job.assembly;

import dev.walrusstream.sink.BlobTask;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadAssemblerTest {
    private final UploadAssembler assembler = new UploadAssembler(new AssemblyLimits(1000, 300, 10_000));
    private final Collected out = new Collected();

    @Test
    void cutsLargeUploadsIntoSegmentsWithANonEmptyLastOne() throws Exception {
        byte[] data = random(2000, 1);
        UploadState state = feed("u1", data, 300);
        assertNull(state, "the upload is finished");
        assertEquals(2, out.segments.size(), "2000 bytes at 1000 per segment");
        assertTrue(out.smalls.isEmpty());
        assertTrue(out.dead.isEmpty());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (BlobTask t : out.segments) {
            joined.writeBytes(t.data);
        }
        assertArrayEquals(data, joined.toByteArray());
        for (BlobTask t : out.segments) {
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(t.data), t.parts.get(0).sha256());
        }
        assertEquals(0, out.segments.get(0).parts.get(0).segments(), "the count is unknown while more may follow");
        assertEquals(2, out.segments.get(1).parts.get(0).segments());
        assertEquals(1, out.segments.get(1).parts.get(0).segment());
        assertEquals(1000, out.segments.get(1).parts.get(0).size());
    }

    @Test
    void anUploadOfOneSegmentCarriesItsOwnDigest() throws Exception {
        byte[] data = random(800, 5); // over the quilt threshold (300), under the segment size (1000)
        assertNull(feed("u5", data, 300));
        assertEquals(1, out.segments.size());
        BlobTask t = out.segments.get(0);
        assertArrayEquals(data, t.data);
        assertEquals(1, t.parts.get(0).segments());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), t.parts.get(0).sha256());
    }

    @Test
    void anUploadRestoredMidwayFinishesWithTheDigestOfAllItsBytes() throws Exception {
        byte[] data = random(2500, 3);
        List<ChunkEvent> chunks = chunks("u2", data, 300);
        UploadState state = acceptAll(null, chunks.subList(0, 4));
        assertEquals(1, out.segments.size(), "1200 bytes in: one segment cut, 200 pending");
        assertNotNull(state.digestState, "the cut segment's bytes are in the digest state");
        assertTrue(!state.digestIncludesPending);
        // through the checkpoint's codec, as a restore would
        dev.walrusstream.job.state.UploadStateCodec codec = new dev.walrusstream.job.state.UploadStateCodec();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        codec.write(state, new java.io.DataOutputStream(bytes));
        state = codec.read(codec.version(), new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        for (ChunkEvent c : chunks.subList(4, chunks.size())) {
            state = assembler.accept(state, c, out);
        }
        assertNull(state);
        assertTrue(out.dead.isEmpty(), "the last chunk's SHA-256 of the whole upload matched: " + out.dead);
        assertEquals(3, out.segments.size());
        for (BlobTask t : out.segments) {
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(t.data), t.parts.get(0).sha256());
        }
    }

    @Test
    void anUploadRestoredFromVersionOneStateHashesAsVersionOneDid() throws Exception {
        byte[] data = random(2500, 4);
        List<ChunkEvent> chunks = chunks("u3", data, 300);
        UploadState state = acceptAll(null, chunks.subList(0, 4));
        // what version 1 kept: the digest state over every byte received, pending ones included
        org.bouncycastle.crypto.digests.SHA256Digest v1 = new org.bouncycastle.crypto.digests.SHA256Digest();
        v1.update(data, 0, 1200);
        state.digestState = v1.getEncodedState();
        state.digestIncludesPending = true;
        for (ChunkEvent c : chunks.subList(4, chunks.size())) {
            state = assembler.accept(state, c, out);
        }
        assertNull(state);
        assertTrue(out.dead.isEmpty(), "the whole upload's SHA-256 matched: " + out.dead);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (BlobTask t : out.segments) {
            joined.writeBytes(t.data);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(t.data), t.parts.get(0).sha256());
        }
        assertArrayEquals(data, joined.toByteArray());
        // and a wrong announced digest is still caught on that path
        out.dead.clear();
        List<ChunkEvent> again = chunks("u4", data, 300);
        again.get(again.size() - 1).sha256 = new byte[32];
        state = acceptAll(null, again.subList(0, 4));
        state.digestState = v1.getEncodedState();
        state.digestIncludesPending = true;
        for (ChunkEvent c : again.subList(4, again.size())) {
            state = assembler.accept(state, c, out);
        }
        assertEquals(1, out.dead.size());
        assertEquals("CHECKSUM_MISMATCH", out.dead.get(0).reason);
    }

    @Test
    void smallUploadsGoToTheQuiltPacker() throws Exception {
        byte[] data = random(300, 2);
        assertNull(feed("small", data, 128));
        assertEquals(1, out.smalls.size());
        assertArrayEquals(data, out.smalls.get(0).data);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), out.smalls.get(0).part.sha256());
        assertEquals("small.bin", out.smalls.get(0).part.sourceName());
        assertEquals(0, out.smalls.get(0).part.firstOffset());
        assertEquals(2, out.smalls.get(0).part.lastOffset());
    }

    @Test
    void emptyUploadIsSmall() throws Exception {
        assertNull(feed("empty", new byte[0], 100));
        assertEquals(1, out.smalls.size());
        assertEquals(0, out.smalls.get(0).data.length);
    }

    @Test
    void aGapFailsTheUploadAndDeadLettersEveryLaterChunk() {
        List<ChunkEvent> chunks = chunks("gappy", random(900, 3), 300);
        UploadState state = assembler.accept(null, chunks.get(0), out);
        state = assembler.accept(state, chunks.get(2), out);
        assertEquals("SEQUENCE_GAP", out.dead.get(0).reason);
        assertTrue(out.dead.get(0).message.contains("expected chunk 1 but got chunk 2"), out.dead.get(0).message);
        assertTrue(out.dead.get(0).message.contains("offsets 0..0"), out.dead.get(0).message);
        assertArrayEquals(chunks.get(2).originalValue, out.dead.get(0).value, "the original bytes travel with it");
        state = assembler.accept(state, chunks.get(1), out);
        assertEquals("SEQUENCE_GAP", out.dead.get(1).reason);
        assertTrue(out.dead.get(1).message.contains("already failed"));
        assertNotNull(state);
        assertTrue(out.segments.isEmpty() && out.smalls.isEmpty());
    }

    @Test
    void duplicatesAreDeadLetteredAndIgnored() throws Exception {
        byte[] data = random(600, 4);
        List<ChunkEvent> chunks = chunks("dup", data, 300);
        UploadState state = assembler.accept(null, chunks.get(0), out);
        state = assembler.accept(state, chunks.get(0), out);
        state = assembler.accept(state, chunks.get(1), out);
        assertNull(state);
        assertEquals("DUPLICATE_CHUNK", out.dead.get(0).reason);
        assertEquals(1, out.segments.size());
        assertArrayEquals(data, out.segments.get(0).data);
    }

    @Test
    void checksumAndSizeAreVerifiedOnTheLastChunk() {
        List<ChunkEvent> chunks = chunks("bad", random(500, 5), 250);
        chunks.get(1).sha256 = new byte[32];
        UploadState state = assembler.accept(null, chunks.get(0), out);
        assembler.accept(state, chunks.get(1), out);
        assertEquals("CHECKSUM_MISMATCH", out.dead.get(0).reason);
        assertTrue(out.smalls.isEmpty() && out.segments.isEmpty());

        Collected other = new Collected();
        List<ChunkEvent> lying = chunks("short", random(500, 6), 250);
        lying.get(1).totalSize = 600;
        UploadState s = assembler.accept(null, lying.get(0), other);
        assembler.accept(s, lying.get(1), other);
        assertEquals("SIZE_MISMATCH", other.dead.get(0).reason);
        assertTrue(other.dead.get(0).message.contains("600"), other.dead.get(0).message);
    }

    @Test
    void oversizeUploadsAreRefusedWithTheLimit() {
        List<ChunkEvent> chunks = chunks("huge", random(16_000, 7), 4000);
        acceptAll(null, chunks);
        DeadLetterEvent d = out.dead.get(0);
        assertEquals("OVERSIZE", d.reason);
        assertTrue(d.message.contains("10000"), d.message);
        assertEquals(2, out.dead.size(), "the refused chunk and the one after it");
    }

    @Test
    void incompleteUploadsExpireNamingTheirOffsets() {
        List<ChunkEvent> chunks = chunks("cut", random(700, 8), 300);
        UploadState state = assembler.accept(null, chunks.get(0), out);
        state = assembler.accept(state, chunks.get(1), out);
        assembler.expire(state, out);
        DeadLetterEvent d = out.dead.get(0);
        assertEquals("INCOMPLETE_UPLOAD", d.reason);
        assertTrue(d.message.contains("600 bytes") && d.message.contains("offsets 0..1"), d.message);
    }

    /** Hands the chunks to the assembler in order, from {@code state}; returns the state after the last. */
    private UploadState acceptAll(UploadState state, List<ChunkEvent> chunks) {
        for (ChunkEvent c : chunks) {
            state = assembler.accept(state, c, out);
        }
        return state;
    }

    private UploadState feed(String id, byte[] data, int chunkSize) {
        return acceptAll(null, chunks(id, data, chunkSize));
    }

    static List<ChunkEvent> chunks(String id, byte[] data, int chunkSize) {
        List<ChunkEvent> out = new ArrayList<>();
        int count = Math.max(1, (data.length + chunkSize - 1) / chunkSize);
        for (int i = 0; i < count; i++) {
            ChunkEvent c = new ChunkEvent();
            c.uploadId = id;
            c.sequence = i;
            c.offset = (long) i * chunkSize;
            c.data = java.util.Arrays.copyOfRange(data, Math.min(data.length, i * chunkSize),
                    Math.min(data.length, (i + 1) * chunkSize));
            c.last = i == count - 1;
            c.sourceName = id + ".bin";
            c.topic = "walrus.chunks";
            c.partition = 0;
            c.kafkaOffset = i;
            c.originalValue = ("raw-" + i).getBytes();
            if (c.last) {
                c.totalSize = data.length;
                try {
                    c.sha256 = MessageDigest.getInstance("SHA-256").digest(data);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            out.add(c);
        }
        return out;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static final class Collected implements UploadAssembler.Output {
        final List<BlobTask> segments = new ArrayList<>();
        final List<SmallUpload> smalls = new ArrayList<>();
        final List<DeadLetterEvent> dead = new ArrayList<>();

        @Override
        public void segment(BlobTask task) {
            segments.add(task);
        }

        @Override
        public void small(SmallUpload upload) {
            smalls.add(upload);
        }

        @Override
        public void deadLetter(DeadLetterEvent event) {
            dead.add(event);
        }
    }
}
