package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest {
    private static final int CHUNK = 1024;
    private static final UploadMetadata META = new UploadMetadata("dir/f.bin", "application/octet-stream", "ds", "v1",
            Map.of("k", "v"));

    /** Copies each chunk (the chunker reuses its buffers). */
    private static List<BlobChunk> collect(byte[] data, OptionalLong expected, List<Long> progress)
            throws IOException {
        List<BlobChunk> out = new ArrayList<>();
        new Chunker(CHUNK).chunk("u-1", new ByteArrayInputStream(data), META, expected, c -> {
            ByteBuffer b = c.getData();
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            out.add(BlobChunk.newBuilder(c).setData(ByteBuffer.wrap(copy)).build());
        }, progress::add);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17})
    void chunksReassembleWithOneFinalChunk(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        List<Long> progress = new ArrayList<>();
        List<BlobChunk> chunks = collect(data, OptionalLong.of(size), progress);

        int expectedChunks = size == 0 ? 1 : (size + CHUNK - 1) / CHUNK;
        assertEquals(expectedChunks, chunks.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        long offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            BlobChunk c = chunks.get(i);
            assertEquals("u-1", c.getUploadId());
            assertEquals(i, c.getSequence());
            assertEquals(offset, c.getOffset());
            assertEquals(i == chunks.size() - 1, c.getLast(), "only the final chunk is last");
            assertEquals("dir/f.bin", c.getSourceName());
            assertEquals("ds", c.getDataset());
            assertEquals("v1", c.getDatasetVersion());
            assertEquals(Map.of("k", "v"), c.getAttributes());
            assertEquals(size, c.getTotalSize(), "known size on every chunk");
            if (c.getLast()) {
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), c.getSha256().bytes());
            } else {
                assertNull(c.getSha256());
                assertEquals(CHUNK, c.getData().remaining());
            }
            byte[] b = new byte[c.getData().remaining()];
            c.getData().get(b);
            joined.write(b);
            offset += b.length;
        }
        assertArrayEquals(data, joined.toByteArray());
        assertEquals(size, progress.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void unknownSizeIsOnlyOnTheLastChunk() throws Exception {
        List<BlobChunk> chunks = collect(new byte[2 * CHUNK + 5], OptionalLong.empty(), new ArrayList<>());
        assertNull(chunks.get(0).getTotalSize());
        assertNull(chunks.get(1).getTotalSize());
        assertEquals(2L * CHUNK + 5, chunks.get(2).getTotalSize());
    }

    @Test
    void aSourceThatShrankNeverGetsItsLastChunk() throws Exception {
        List<BlobChunk> chunks = new ArrayList<>();
        UploadAbortedException e = assertThrows(UploadAbortedException.class, () -> new Chunker(CHUNK).chunk("u",
                new ByteArrayInputStream(new byte[CHUNK + 10]), META, OptionalLong.of(5L * CHUNK), chunks::add,
                n -> { }));
        assertTrue(e.getMessage().contains("shrank") && e.getMessage().contains(Long.toString(5L * CHUNK)),
                e.getMessage());
        assertEquals(1, chunks.size());
        assertFalse(chunks.get(0).getLast());
    }

    @Test
    void aSourceThatGrewNeverGetsItsLastChunk() {
        List<BlobChunk> chunks = new ArrayList<>();
        UploadAbortedException e = assertThrows(UploadAbortedException.class, () -> new Chunker(CHUNK).chunk("u",
                new ByteArrayInputStream(new byte[3 * CHUNK]), META, OptionalLong.of(CHUNK + 1), chunks::add,
                n -> { }));
        assertTrue(e.getMessage().contains("grew"), e.getMessage());
        assertTrue(chunks.stream().noneMatch(BlobChunk::getLast));
    }

    @Test
    void aReadErrorMidStreamLeavesTheUploadIncomplete() {
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ >= 2 * CHUNK + 100) {
                    throw new IOException("disk on fire");
                }
                return 1;
            }
        };
        List<BlobChunk> chunks = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> new Chunker(CHUNK).chunk("u", failing, META,
                OptionalLong.empty(), chunks::add, n -> { }));
        assertEquals("disk on fire", e.getMessage());
        assertFalse(chunks.isEmpty());
        assertTrue(chunks.stream().noneMatch(BlobChunk::getLast), "no last chunk after a read error");
    }

    @Test
    void emptyInputIsOneEmptyLastChunkWithTheEmptyDigest() throws Exception {
        List<BlobChunk> chunks = collect(new byte[0], OptionalLong.empty(), new ArrayList<>());
        assertEquals(1, chunks.size());
        BlobChunk c = chunks.get(0);
        assertTrue(c.getLast());
        assertEquals(0, c.getData().remaining());
        assertEquals(0L, c.getTotalSize());
        assertNotNull(c.getSha256());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                java.util.HexFormat.of().formatHex(c.getSha256().bytes()));
    }
}
