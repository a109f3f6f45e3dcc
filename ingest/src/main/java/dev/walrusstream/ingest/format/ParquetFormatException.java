package dev.walrusstream.ingest.format;

/** A Parquet footer that cannot be read; the message says what and where. */
public final class ParquetFormatException extends IllegalArgumentException {
    public ParquetFormatException(String message) {
        super(message);
    }
}
