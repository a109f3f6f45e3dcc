package dev.walrusstream.ingest.publisher;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestParsingTest {
    @Test
    void knownParameters() {
        BlobsHandler.Request r = BlobsHandler.Request.parse(
                "name=clips%2Fa%20b.mp4&dataset=cams&version=2026-11&attr.camera=7&epochs=5&deletable=true");
        assertEquals("clips/a b.mp4", r.name);
        assertEquals("cams", r.dataset.name());
        assertEquals("2026-11", r.dataset.version());
        assertEquals(Map.of("camera", "7", "walrus.epochs", "5", "walrus.deletable", "true"), r.attributes);
    }

    @Test
    void noQuery() {
        BlobsHandler.Request r = BlobsHandler.Request.parse(null);
        assertNull(r.name);
        assertNull(r.dataset);
    }

    @Test
    void unknownAndHalfParametersAreNamed() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> BlobsHandler.Request.parse("colour=blue"));
        assertTrue(a.getMessage().contains("colour"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> BlobsHandler.Request.parse("dataset=x"));
        assertTrue(b.getMessage().contains("dataset=x"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlobsHandler.Request.parse("name="));
    }
}
