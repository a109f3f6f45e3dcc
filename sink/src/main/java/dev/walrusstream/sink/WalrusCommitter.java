package dev.walrusstream.sink;

import dev.walrusstream.sink.internal.BlobStorer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;

import java.util.Collection;

/**
 * Certifies the blobs of a completed checkpoint. Idempotent (a blob certified before a crash counts
 * as certified), so committables restored from a checkpoint are simply certified again; a failure
 * that may pass (chain unreachable) is retried by Flink, and failing for good fails the job rather
 * than dropping the blob.
 */
final class WalrusCommitter implements Committer<WalrusCommittable> {
    private final BlobStorer storer;
    private final Counter certified;

    WalrusCommitter(SinkSettings settings, SinkCommitterMetricGroup metrics) {
        this.storer = new BlobStorer(settings);
        this.certified = metrics.counter("walrusBlobsCertified");
    }

    @Override
    public void commit(Collection<CommitRequest<WalrusCommittable>> requests) throws InterruptedException {
        for (CommitRequest<WalrusCommittable> request : requests) {
            WalrusCommittable c = request.getCommittable();
            boolean wasReady = c.status == WalrusCommittable.Status.READY;
            if (storer.certify(c)) {
                if (wasReady) {
                    certified.inc();
                }
            } else {
                request.retryLater();
            }
        }
    }

    @Override
    public void close() {
        storer.close();
    }
}
