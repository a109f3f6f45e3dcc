package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;

import java.io.IOException;

/**
 * Receives the chunks of an upload in order. The chunk's {@code data} buffer is only valid during the call (the
 * chunker reuses it): serialize or copy it before returning.
 */
@FunctionalInterface
public interface ChunkConsumer {
    void accept(BlobChunk chunk) throws IOException;
}
