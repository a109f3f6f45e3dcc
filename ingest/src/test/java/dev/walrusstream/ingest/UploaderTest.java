package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploaderTest {
    private final IngestSettings settings = IngestSettings.builder().chunkSize(1024).dataset("ds", "v2")
            .attribute("team", "vision").attribute("name", "overridden").build();

    @Test
    void resultCarriesIdsOffsetsAndMergedAttributes() throws Exception {
        MemoryChunkSink sink = new MemoryChunkSink(c -> false);
        Uploader up = new Uploader(sink, settings, () -> "fixed-id");
        UploadResult r = up.upload(StreamUpload.of(new ByteArrayInputStream(new byte[2500]), "x.bin",
                "application/octet-stream", Map.of("name", "x.bin"), OptionalLong.of(2500)), n -> { }).join();
        assertEquals("fixed-id", r.uploadId());
        assertEquals(2500, r.size());
        assertEquals(3, r.chunks());
        assertEquals(0, r.firstOffset());
        assertEquals(2, r.lastOffset());
        assertEquals(Map.of("team", "vision", "name", "x.bin"), r.attributes(), "source attributes win");
        BlobChunk first = sink.chunks.get(0);
        assertEquals("ds", first.getDataset());
        assertEquals("v2", first.getDatasetVersion());
    }

    @Test
    void aRefusedChunkStopsTheUploadBeforeItsLastChunk() {
        MemoryChunkSink sink = new MemoryChunkSink(c -> c.getSequence() == 1);
        Uploader up = new Uploader(sink, settings, () -> "u-refused");
        UploadAbortedException e = assertThrows(UploadAbortedException.class, () -> up.upload(StreamUpload.of(
                new ByteArrayInputStream(new byte[5000]), "big.bin", "application/octet-stream", Map.of(),
                OptionalLong.empty()), n -> { }));
        assertTrue(e.getMessage().contains("u-refused") && e.getMessage().contains("refused chunk 1"),
                e.getMessage());
        assertTrue(sink.chunks.stream().noneMatch(BlobChunk::getLast), "the last chunk must not be sent");
    }

    @Test
    void perUploadDatasetOverridesTheSettings() throws Exception {
        MemoryChunkSink sink = new MemoryChunkSink(c -> false);
        new Uploader(sink, settings).upload("id-9", StreamUpload.of(new ByteArrayInputStream(new byte[3]), "a",
                "text/plain", Map.of(), OptionalLong.empty()), new DatasetRef("other", "v9"), n -> { }).join();
        assertEquals("other", sink.chunks.get(0).getDataset());
        assertEquals("v9", sink.chunks.get(0).getDatasetVersion());
        assertEquals("id-9", sink.chunks.get(0).getUploadId());
    }

    @Test
    void uploadIdsAreVersion7AndOrdered() throws Exception {
        String a = UploadIds.next();
        Thread.sleep(2);
        String b = UploadIds.next();
        assertEquals(7, java.util.UUID.fromString(a).version());
        assertEquals(2, java.util.UUID.fromString(a).variant());
        assertTrue(a.compareTo(b) < 0, a + " < " + b);
    }
}
