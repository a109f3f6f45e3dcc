package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** Collects chunks (copied); refuses the ones {@code refuse} selects, as a broker would, asynchronously. */
final class MemoryChunkSink implements ChunkSink {
    final List<BlobChunk> chunks = new ArrayList<>();
    private final Predicate<BlobChunk> refuse;

    MemoryChunkSink(Predicate<BlobChunk> refuse) {
        this.refuse = refuse;
    }

    @Override
    public synchronized CompletableFuture<ChunkAck> send(BlobChunk chunk) throws IOException {
        ByteBuffer b = chunk.getData().duplicate();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        BlobChunk c = BlobChunk.newBuilder(chunk).setData(ByteBuffer.wrap(copy)).build();
        if (refuse.test(c)) {
            return CompletableFuture.failedFuture(new IOException("refused chunk " + c.getSequence()));
        }
        chunks.add(c);
        return CompletableFuture.completedFuture(new ChunkAck("t", 0, chunks.size() - 1));
    }

    @Override
    public void flush() {
    }

    @Override
    public String topic() {
        return "t";
    }

    @Override
    public void close() {
    }
}
