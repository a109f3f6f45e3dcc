package dev.walrusstream.sink;

import dev.walrusstream.sink.internal.BlobStorer;
import dev.walrusstream.sink.internal.PauseState;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Certifies the blobs of a completed checkpoint. Idempotent (a blob certified before a crash counts
 * as certified), so committables restored from a checkpoint are simply certified again. The
 * certified committable replaces the prepared one ({@code updateAndRetryLater}; the immediate retry
 * finds it settled and completes), so the receipts downstream carry the outcome. Transient and
 * job-level failures are retried inside {@link BlobStorer#certify} (the committer pauses, it does not
 * fail the job); a refusal permanent for the blob settles it as ERROR.
 */
final class WalrusCommitter implements Committer<WalrusCommittable> {
    private final BlobStorer storer;
    private final Counter certified;
    private final Histogram certifyLatency;

    WalrusCommitter(SinkSettings settings, SinkCommitterMetricGroup metrics) {
        this(new BlobStorer(settings, new PauseState()), metrics);
    }

    WalrusCommitter(BlobStorer storer, SinkCommitterMetricGroup metrics) {
        this.storer = storer;
        this.certified = metrics.counter("walrusBlobsCertified");
        this.certifyLatency = metrics.histogram("walrusCertifyLatencyMs", new DescriptiveStatisticsHistogram(1000));
        PauseState pause = storer.pauseState();
        metrics.gauge("walrusCommitterPaused", (Gauge<Integer>) () -> pause.isPaused() ? 1 : 0);
        metrics.gauge("walrusCommitterSecondsPaused", (Gauge<Long>) pause::secondsPaused);
        metrics.gauge("walrusSuiSpent", (Gauge<Long>) storer::suiSpent); // certify transactions' gas
    }

    /**
     * Certifies every READY committable of the request set together: Flink hands over a checkpoint's
     * committables at once, so they make one chain transaction (a blob refused for good is isolated
     * and settled as ERROR, the others still certify).
     */
    @Override
    public void commit(Collection<CommitRequest<WalrusCommittable>> requests) throws InterruptedException {
        List<CommitRequest<WalrusCommittable>> ready = new ArrayList<>();
        for (CommitRequest<WalrusCommittable> request : requests) {
            if (request.getCommittable().status() == WalrusCommittable.Status.READY) {
                ready.add(request); // the others are settled (now or in an earlier attempt): committed
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        List<WalrusCommittable> committables = new ArrayList<>();
        ready.forEach(r -> committables.add(r.getCommittable()));
        long start = System.nanoTime();
        List<WalrusCommittable> settled = storer.certifyAll(committables);
        long millis = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < ready.size(); i++) {
            certifyLatency.update(millis);
            if (settled.get(i).status() == WalrusCommittable.Status.NEWLY_CREATED) {
                certified.inc();
            }
            ready.get(i).updateAndRetryLater(settled.get(i));
        }
    }

    @Override
    public void close() {
        storer.close();
    }
}
