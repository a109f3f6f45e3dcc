package dev.walrusstream.ingest;

import dev.walrusstream.codec.text.ByteSize;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestSettingsTest {

    @Test
    void chunkSizeLimitsAreExplicit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IngestSettings.builder().chunkSize(ByteSize.parse("16MiB")));
        assertTrue(e.getMessage().contains("8.0 MiB") && e.getMessage().contains(Long.toString(16L << 20)),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IngestSettings.builder().chunkSize(100));
        assertEquals(IngestSettings.DEFAULT_CHUNK_SIZE, IngestSettings.builder().build().chunkSize());
        assertThrows(IllegalArgumentException.class,
                () -> IngestSettings.builder().dataset("imagenet", null).build());
        assertThrows(IllegalArgumentException.class,
                () -> IngestSettings.builder().producerProperty("acks", "0").build());
    }
}
