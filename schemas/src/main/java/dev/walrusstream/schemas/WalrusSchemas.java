package dev.walrusstream.schemas;

import org.apache.avro.Schema;

import java.util.List;

/** The Avro schemas of every record Walrus Stream puts on Kafka, as compiled into this module. */
public final class WalrusSchemas {
    private WalrusSchemas() {
    }

    public static Schema blobChunk() {
        return BlobChunk.getClassSchema();
    }

    public static Schema blobReceipt() {
        return BlobReceipt.getClassSchema();
    }

    public static Schema deadLetter() {
        return DeadLetter.getClassSchema();
    }

    public static Schema datasetManifest() {
        return DatasetManifest.getClassSchema();
    }

    /** All top-level record schemas, in a fixed order. */
    public static List<Schema> all() {
        return List.of(blobChunk(), blobReceipt(), deadLetter(), datasetManifest());
    }
}
