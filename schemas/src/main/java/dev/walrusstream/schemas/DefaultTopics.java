package dev.walrusstream.schemas;

/** The topic names the pipeline uses unless configured otherwise. */
public final class DefaultTopics {
    /** Chunked uploads ({@link BlobChunk}), key = upload id. */
    public static final String CHUNKS = "walrus.chunks";
    /** One {@link BlobReceipt} per stored blob or quilt patch. */
    public static final String RECEIPTS = "walrus.receipts";
    /** Records the pipeline could not process ({@link DeadLetter}). */
    public static final String DEAD_LETTERS = "walrus.dlq";
    /** Dataset manifests ({@link DatasetManifest}). */
    public static final String MANIFESTS = "walrus.manifests";

    private DefaultTopics() {
    }
}
