package dev.walrusstream.ingest;

import dev.walrusstream.codec.text.ByteSize;
import java.util.List;
import java.util.Locale;

/**
 * What an ingest run produced.
 *
 * @param topic        topic
 * @param uploads      completed uploads, in input order
 * @param elapsedNanos wall time from the first read to the last acknowledgement
 */
public record IngestReport(String topic, List<UploadResult> uploads, long elapsedNanos) {
    public IngestReport {
        uploads = List.copyOf(uploads);
    }

    public long bytes() {
        return uploads.stream().mapToLong(UploadResult::size).sum();
    }

    public long chunks() {
        return uploads.stream().mapToLong(UploadResult::chunks).sum();
    }

    /** Megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytes() / 1e6 / (elapsedNanos / 1e9);
    }

    /** One line, for humans. */
    public String summary() {
        return String.format(Locale.ROOT, "ingested %d upload(s), %s in %d chunk(s) to %s in %.2f s (%.1f MB/s)",
                uploads.size(), ByteSize.format(bytes()), chunks(), topic, elapsedNanos / 1e9, megabytesPerSecond());
    }
}
