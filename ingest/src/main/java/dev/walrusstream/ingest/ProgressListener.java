package dev.walrusstream.ingest;

/** Hears how an ingest run goes. All methods are called from the ingesting thread. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** @param totalBytes bytes to ingest, or -1 when unknown (standard input) */
    default void started(long totalBytes, int uploads) {
    }

    /** {@code n} more bytes were handed to Kafka. */
    default void bytes(long n) {
    }

    /** An upload was completely acknowledged. */
    default void uploadDone(UploadResult result) {
    }

    /** The run ended (successfully or not). */
    default void finished() {
    }
}
