package dev.walrusstream.job.flink;

import dev.walrusstream.job.manifest.FileState;
import dev.walrusstream.job.manifest.FileStateCodec;
import dev.walrusstream.job.manifest.ManifestBlobs;
import dev.walrusstream.job.manifest.VersionEvent;
import dev.walrusstream.job.manifest.VersionManifests;
import dev.walrusstream.job.manifest.VersionStatus;
import dev.walrusstream.job.manifest.VersionStatusCodec;
import dev.walrusstream.sink.serde.CodecSerializer;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.sink.BlobTask;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flink adapter of {@link VersionManifests}, keyed by dataset version: per version a map state of one
 * {@link FileState} per upload (explicit, versioned codec), the version's {@link VersionStatus} and the close
 * markers' copies. Emits the final manifest once, when the version closes, and a snapshot of a version
 * still open every {@code snapshotInterval} when something changed (0 disables snapshots). Metrics:
 * {@code walrusManifestsClosed}, {@code walrusManifestSnapshots}.
 */
public final class BuildManifests extends KeyedProcessFunction<String, VersionEvent, BlobTask> {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(BuildManifests.class.getName());

    private final long snapshotMillis;
    private transient VersionManifests manifests;
    private transient MapState<String, FileState> files;
    private transient ValueState<VersionStatus> status;
    private transient MapState<String, Long> markers;
    private transient ValueState<String> names;
    private transient Counter closed;
    private transient Counter snapshots;

    public BuildManifests(Duration snapshotInterval) {
        this.snapshotMillis = snapshotInterval.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        manifests = new VersionManifests();
        files = getRuntimeContext().getMapState(new MapStateDescriptor<>("manifest-files", StringSerializer.INSTANCE,
                new CodecSerializer<>(new FileStateCodec())));
        status = getRuntimeContext().getState(new ValueStateDescriptor<>("manifest-status",
                new CodecSerializer<>(new VersionStatusCodec())));
        markers = getRuntimeContext().getMapState(new MapStateDescriptor<>("manifest-markers", StringSerializer.INSTANCE,
                LongSerializer.INSTANCE));
        names = getRuntimeContext().getState(new ValueStateDescriptor<>("manifest-version", StringSerializer.INSTANCE));
        closed = getRuntimeContext().getMetricGroup().counter("walrusManifestsClosed");
        snapshots = getRuntimeContext().getMetricGroup().counter("walrusManifestSnapshots");
    }

    @Override
    public void processElement(VersionEvent e, Context ctx, Collector<BlobTask> out) throws Exception {
        if (names.value() == null) {
            names.update(e.dataset + "\n" + e.datasetVersion);
        }
        VersionStatus before = status.value();
        DatasetManifest m = manifests.apply(e, store());
        if (m != null) {
            closed.inc();
            LOG.log(System.Logger.Level.INFO, "dataset " + m.getDataset() + "/" + m.getVersion() + " closed with "
                    + m.getFiles().size() + " file(s)");
            out.collect(ManifestBlobs.task(m));
        }
        VersionStatus now = status.value();
        if (now != null && now.lateFiles() > (before == null ? 0 : before.lateFiles())) {
            LOG.log(System.Logger.Level.WARNING, "upload " + e.uploadId + " of " + e.dataset + "/" + e.datasetVersion
                    + " arrived after the version was closed by its marker: stored, not in the final manifest");
        }
        if (snapshotMillis > 0 && now != null && !now.closed() && now.timer() < 0) {
            long at = ctx.timerService().currentProcessingTime() + snapshotMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            status.update(now.withTimerAt(at));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BlobTask> out) throws Exception {
        VersionStatus now = status.value();
        if (now == null || now.closed()) {
            return;
        }
        String[] dv = names.value().split("\n", 2);
        DatasetManifest m = manifests.snapshot(dv[0], dv[1], timestamp, store());
        if (m != null) {
            snapshots.inc();
            out.collect(ManifestBlobs.task(m));
        }
        long at = timestamp + snapshotMillis;
        ctx.timerService().registerProcessingTimeTimer(at);
        status.update(status.value().withTimerAt(at));
    }

    private VersionManifests.Store store() {
        return new VersionManifests.Store() {
            @Override
            public FileState file(String uploadId) throws Exception {
                return files.get(uploadId);
            }

            @Override
            public void put(FileState file) throws Exception {
                files.put(file.uploadId(), file);
            }

            @Override
            public Iterable<FileState> files() throws Exception {
                return files.values();
            }

            @Override
            public VersionStatus status() throws Exception {
                return status.value();
            }

            @Override
            public void status(VersionStatus s) throws Exception {
                status.update(s);
            }

            @Override
            public void markerCopy(String markerId, int partition, long timestamp) throws Exception {
                markers.put(markerId + "#" + partition, timestamp);
            }

            @Override
            public void clearFiles() {
                files.clear();
                markers.clear();
            }

            @Override
            public List<Long> markerCopies(String markerId) throws Exception {
                List<Long> out = new ArrayList<>();
                for (Map.Entry<String, Long> m : markers.entries()) {
                    if (m.getKey().startsWith(markerId + "#")) {
                        out.add(m.getValue());
                    }
                }
                return out;
            }
        };
    }
}
