package dev.walrusstream.sink;

import dev.walrusstream.sink.internal.BlobStorer;
import dev.walrusstream.sink.internal.PauseState;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores blob tasks up to their certificates, {@code blobsInFlight} at a time (writing blocks, which
 * backpressures the job, when that many are under way; a paused storer keeps them under way, so a
 * paused sink backpressures instead of failing). Before every checkpoint ({@link #prepareCommit}) it
 * waits for all of them and hands their committables to the committer, which certifies once the
 * checkpoint completes.
 *
 * <p>Metrics: the standard sink metrics ({@code numBytesSend}, {@code numRecordsSend},
 * {@code numRecordsSendErrors}, {@code currentSendTime}) plus {@code walrusStoreLatencyMs}
 * (histogram, arrival to certificate), {@code walrusWalSpent} (FROST), {@code walrusSuiSpent} (MIST of
 * gas, as the chain charged it), {@code walrusPaused} (1 while paused
 * on a job-level refusal) and {@code walrusSecondsPaused}.
 */
final class WalrusSinkWriter implements CommittingSinkWriter<BlobTask, WalrusCommittable> {
    private final BlobStorer storer;
    private final int blobsInFlight;
    private final ExecutorService pool;
    private final Deque<Future<WalrusCommittable>> inFlight = new ArrayDeque<>();
    private final List<WalrusCommittable> ready = new ArrayList<>();
    private final Counter bytesSent;
    private final Counter recordsSent;
    private final Counter sendErrors;
    private final Histogram storeLatency;
    private final AtomicLong lastSendTime = new AtomicLong();

    WalrusSinkWriter(SinkSettings settings, SinkWriterMetricGroup metrics) {
        this(new BlobStorer(settings, new PauseState()), settings.blobsInFlight(), metrics);
    }

    WalrusSinkWriter(BlobStorer storer, int blobsInFlight, SinkWriterMetricGroup metrics) {
        this.storer = storer;
        this.blobsInFlight = blobsInFlight;
        this.pool = Executors.newFixedThreadPool(blobsInFlight, r -> {
            Thread t = new Thread(r, "walrus-sink-store");
            t.setDaemon(true);
            return t;
        });
        this.bytesSent = metrics.getNumBytesSendCounter();
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.sendErrors = metrics.getNumRecordsSendErrorsCounter();
        metrics.setCurrentSendTimeGauge(lastSendTime::get);
        this.storeLatency = metrics.histogram("walrusStoreLatencyMs", new DescriptiveStatisticsHistogram(1000));
        PauseState pause = storer.pauseState();
        metrics.gauge("walrusPaused", (Gauge<Integer>) () -> pause.isPaused() ? 1 : 0);
        metrics.gauge("walrusSecondsPaused", (Gauge<Long>) pause::secondsPaused);
        metrics.gauge("walrusWalSpent", (Gauge<Long>) storer::walSpent);
        metrics.gauge("walrusSuiSpent", (Gauge<Long>) storer::suiSpent);
    }

    @Override
    public void write(BlobTask task, Context context) throws IOException, InterruptedException {
        while (inFlight.size() >= blobsInFlight) {
            collect(inFlight.removeFirst());
        }
        long arrived = System.nanoTime();
        inFlight.addLast(pool.submit(() -> {
            WalrusCommittable c = storer.prepare(task);
            long millis = (System.nanoTime() - arrived) / 1_000_000;
            storeLatency.update(millis);
            lastSendTime.set(millis);
            if (c.status() == WalrusCommittable.Status.ERROR) {
                sendErrors.inc();
            } else {
                bytesSent.inc(task.data.length);
                recordsSent.inc();
            }
            return c;
        }));
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        storer.draining(true); // nothing new arrives while flushing: registration batches need not wait
        try {
            while (!inFlight.isEmpty()) {
                collect(inFlight.removeFirst());
            }
        } finally {
            storer.draining(false);
        }
    }

    @Override
    public Collection<WalrusCommittable> prepareCommit() throws IOException, InterruptedException {
        flush(false);
        List<WalrusCommittable> out = new ArrayList<>(ready);
        ready.clear();
        return out;
    }

    /** Blobs handed to the store threads and not yet collected (for tests and diagnostics). */
    int inFlight() {
        return inFlight.size();
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
