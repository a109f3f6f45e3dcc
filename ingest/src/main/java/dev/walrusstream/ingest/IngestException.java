package dev.walrusstream.ingest;

/** An ingest run stopped; {@link #partial()} lists the uploads that did complete before. */
public final class IngestException extends Exception {
    private final IngestReport partial;

    public IngestException(String message, Throwable cause, IngestReport partial) {
        super(message, cause);
        this.partial = partial;
    }

    public IngestReport partial() {
        return partial;
    }
}
