package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.DeadLetterEvent;
import dev.walrusstream.job.manifest.VersionEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Chained right after the source (one task reads each partition, in order): upload chunks go on to
 * assembly; the last chunk of a dataset upload also declares the file to its version's manifest
 * builder ({@link #VERSIONS}); a close marker's copy goes only to the builder. Declarations and
 * marker copies of one version leave this task on the same channel, so the builder sees them in
 * partition order: that is what makes closing exact (see {@code VersionManifests}).
 */
public final class RouteControl extends ProcessFunction<ChunkEvent, ChunkEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<VersionEvent> VERSIONS = new OutputTag<>("version-events", TypeInformation.of(VersionEvent.class));

    @Override
    public void processElement(ChunkEvent chunk, Context ctx, Collector<ChunkEvent> out) {
        if (chunk.controlMarkerId != null) {
            if (chunk.dataset == null || chunk.datasetVersion == null || chunk.controlPartitions < 1
                    || chunk.partition >= chunk.controlPartitions) {
                ctx.output(AssembleUploads.DEAD, DeadLetterEvent.of("UNDECODABLE_RECORD", "close marker "
                        + chunk.controlMarkerId + " is invalid: dataset=" + chunk.dataset + ", version="
                        + chunk.datasetVersion + ", partitions=" + chunk.controlPartitions + ", read on partition "
                        + chunk.partition + " (a marker names its dataset and version and goes to partitions 0..n-1)",
                        chunk));
                return;
            }
            VersionEvent e = base(chunk, VersionEvent.Kind.MARKER);
            e.markerId = chunk.controlMarkerId;
            e.partition = chunk.partition;
            e.partitions = chunk.controlPartitions;
            e.timestamp = chunk.timestamp;
            ctx.output(VERSIONS, e);
            return;
        }
        if (chunk.last && chunk.dataset != null && chunk.datasetVersion != null) {
            VersionEvent e = base(chunk, VersionEvent.Kind.DECLARED);
            e.path = chunk.sourceName;
            e.size = chunk.totalSize;
            e.sha256 = chunk.sha256;
            e.contentType = chunk.contentType;
            e.attributes.putAll(chunk.attributes);
            e.partition = chunk.partition;
            ctx.output(VERSIONS, e);
        }
        out.collect(chunk);
    }

    private static VersionEvent base(ChunkEvent chunk, VersionEvent.Kind kind) {
        VersionEvent e = new VersionEvent();
        e.kind = kind;
        e.dataset = chunk.dataset;
        e.datasetVersion = chunk.datasetVersion;
        e.uploadId = chunk.uploadId;
        return e;
    }
}
