package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.DeadLetterEvent;

/** What the Kafka deserializer yields: a decoded chunk, or a dead letter for a record it could not decode. Flink POJO. */
public class DecodedRecord {
    public ChunkEvent chunk;
    public DeadLetterEvent dead;

    public DecodedRecord() {
    }

    static DecodedRecord of(ChunkEvent chunk) {
        DecodedRecord r = new DecodedRecord();
        r.chunk = chunk;
        return r;
    }

    static DecodedRecord of(DeadLetterEvent dead) {
        DecodedRecord r = new DecodedRecord();
        r.dead = dead;
        return r;
    }
}
