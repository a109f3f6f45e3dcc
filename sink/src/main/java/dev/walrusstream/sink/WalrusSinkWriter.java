package dev.walrusstream.sink;

import dev.walrusstream.sink.internal.BlobStorer;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stores blob tasks up to their certificates, {@code blobsInFlight} at a time (writing blocks, which
 * backpressures the job, when that many are under way). Before every checkpoint
 * ({@link #prepareCommit}) it waits for all of them and hands their committables to the committer,
 * which certifies once the checkpoint completes. Metrics: bytes encoded, blobs stored, the time from
 * a blob's arrival to its quorum of confirmations.
 */
final class WalrusSinkWriter implements CommittingSinkWriter<BlobTask, WalrusCommittable> {
    private final BlobStorer storer;
    private final int blobsInFlight;
    private final ExecutorService pool;
    private final Deque<Future<WalrusCommittable>> inFlight = new ArrayDeque<>();
    private final List<WalrusCommittable> ready = new ArrayList<>();
    private final Counter bytesEncoded;
    private final Counter blobsStored;
    private final SinkMetrics.Latency confirmationLatency;

    WalrusSinkWriter(SinkSettings settings, SinkWriterMetricGroup metrics) {
        this.storer = new BlobStorer(settings);
        this.blobsInFlight = settings.blobsInFlight();
        this.pool = Executors.newFixedThreadPool(blobsInFlight, r -> {
            Thread t = new Thread(r, "walrus-sink-store");
            t.setDaemon(true);
            return t;
        });
        this.bytesEncoded = metrics.counter("walrusBytesEncoded");
        this.blobsStored = metrics.counter("walrusBlobsStored");
        this.confirmationLatency = SinkMetrics.latency(metrics, "walrusConfirmationLatencyMs");
    }

    @Override
    public void write(BlobTask task, Context context) throws IOException, InterruptedException {
        while (inFlight.size() >= blobsInFlight) {
            collect(inFlight.removeFirst());
        }
        long arrived = System.currentTimeMillis();
        inFlight.addLast(pool.submit(() -> {
            WalrusCommittable c = storer.prepare(task);
            bytesEncoded.inc(task.data.length);
            blobsStored.inc();
            confirmationLatency.record(System.currentTimeMillis() - arrived);
            return c;
        }));
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        while (!inFlight.isEmpty()) {
            collect(inFlight.removeFirst());
        }
    }

    @Override
    public Collection<WalrusCommittable> prepareCommit() throws IOException, InterruptedException {
        flush(false);
        List<WalrusCommittable> out = new ArrayList<>(ready);
        ready.clear();
        return out;
    }

    private void collect(Future<WalrusCommittable> future) throws IOException, InterruptedException {
        try {
            ready.add(future.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("storing a blob failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        storer.close();
    }
}
