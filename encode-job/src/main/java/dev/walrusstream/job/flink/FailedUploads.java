package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.DeadLetterEvent;
import dev.walrusstream.job.manifest.VersionEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Dead letters of dataset uploads → {@code FAILED} events, so a close does not wait for an upload that
 * will never be complete. A duplicate chunk does not fail its upload and is skipped.
 */
public final class FailedUploads implements FlatMapFunction<DeadLetterEvent, VersionEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(DeadLetterEvent d, Collector<VersionEvent> out) {
        if (d.dataset == null || d.datasetVersion == null || d.uploadId == null || "DUPLICATE_CHUNK".equals(d.reason)) {
            return;
        }
        VersionEvent e = new VersionEvent();
        e.kind = VersionEvent.Kind.FAILED;
        e.dataset = d.dataset;
        e.datasetVersion = d.datasetVersion;
        e.uploadId = d.uploadId;
        e.problem = d.reason + ": " + d.message;
        out.collect(e);
    }
}
