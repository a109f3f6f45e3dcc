package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Where chunks go. {@link KafkaChunkSink} is the real one; tests may collect chunks in memory. */
public interface ChunkSink extends AutoCloseable {

    /**
     * Sends a chunk (serializing it before returning: the chunk's buffer may be reused afterwards). May block
     * while too much is in flight. The future completes when the chunk is durably stored.
     */
    CompletableFuture<ChunkAck> send(BlobChunk chunk) throws IOException;

    /** Blocks until everything sent so far is acknowledged or failed. */
    void flush();

    /** The topic chunks go to. */
    String topic();

    @Override
    void close();
}
