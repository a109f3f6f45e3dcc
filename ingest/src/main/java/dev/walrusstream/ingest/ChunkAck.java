package dev.walrusstream.ingest;

/** Where the broker stored a chunk. */
public record ChunkAck(String topic, int partition, long offset) {
}
