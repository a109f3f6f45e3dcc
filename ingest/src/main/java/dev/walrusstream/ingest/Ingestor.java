package dev.walrusstream.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Ingests a list of sources one after the other through an {@link Uploader}, without waiting for each upload's
 * acknowledgements before reading the next (the producer's bounded buffer is the only brake), then waits for all.
 * Stops at the first failure; uploads already produced stay, the failed one is incomplete.
 */
public final class Ingestor {
    private final Uploader uploader;
    private final ProgressListener progress;

    public Ingestor(Uploader uploader, ProgressListener progress) {
        this.uploader = uploader;
        this.progress = progress;
    }

    /**
     * @throws IngestException with the uploads that did complete, when one failed
     */
    public IngestReport ingest(List<UploadSource> sources) throws IngestException {
        long total = 0;
        for (UploadSource s : sources) {
            if (s.size().isEmpty()) {
                total = -1;
                break;
            }
            total += s.size().getAsLong();
        }
        long t0 = System.nanoTime();
        progress.started(total, sources.size());
        List<CompletableFuture<UploadResult>> pending = new ArrayList<>();
        int reported = 0;
        try {
            for (UploadSource s : sources) {
                CompletableFuture<UploadResult> f;
                try {
                    f = uploader.upload(s, progress::bytes);
                } catch (IOException e) {
                    throw failure(e, pending, t0);
                }
                pending.add(f);
                reported = reportDone(pending, reported, false);
            }
            uploader.sink().flush();
            List<UploadResult> results = new ArrayList<>();
            for (CompletableFuture<UploadResult> f : pending) {
                try {
                    results.add(f.join());
                } catch (CompletionException e) {
                    throw failure(e.getCause(), pending, t0);
                }
            }
            reportDone(pending, reported, true);
            return new IngestReport(uploader.sink().topic(), results, System.nanoTime() - t0);
        } finally {
            progress.finished();
        }
    }

    /** Tells the listener, in input order and on this thread, about uploads acknowledged since last time. */
    private int reportDone(List<CompletableFuture<UploadResult>> pending, int from, boolean all) {
        int i = from;
        while (i < pending.size() && (all || pending.get(i).isDone())) {
            CompletableFuture<UploadResult> f = pending.get(i);
            if (f.isCompletedExceptionally()) {
                break;
            }
            progress.uploadDone(f.join());
            i++;
        }
        return i;
    }

    private IngestException failure(Throwable cause, List<CompletableFuture<UploadResult>> pending, long t0) {
        try {
            uploader.sink().flush();
        } catch (RuntimeException ignored) {
            // reporting the original failure matters more
        }
        List<UploadResult> done = new ArrayList<>();
        for (CompletableFuture<UploadResult> f : pending) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                done.add(f.join());
            }
        }
        return new IngestException(cause.getMessage(), cause,
                new IngestReport(uploader.sink().topic(), done, System.nanoTime() - t0));
    }
}
