package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.manifest.ManifestBlobs;
import dev.walrusstream.job.manifest.VersionEvent;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestCodec;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.sink.BlobTask;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest half of the job on a Flink MiniCluster with generic types disabled (no Kryo on any
 * channel or state): chunks of two dataset uploads, an upload of no dataset and a close marker go
 * through {@link RouteControl}; receipts of the uploads' segments arrive on another input; the
 * {@link BuildManifests} operator closes the version once and emits its manifest as a blob task.
 * The marker never reaches assembly.
 */
class ManifestOperatorsIT {
    @Test
    @org.junit.jupiter.api.Timeout(180)
    void routeAndBuildCloseTheVersionOnceWithoutKryo() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        List<ChunkEvent> chunks = new ArrayList<>(NoGenericTypesIT.chunks("clip", new byte[2500], 1000, "cams/clip.mp4"));
        chunks.addAll(NoGenericTypesIT.chunks("note", new byte[10], 64, "note.txt"));
        chunks.forEach(c -> {
            c.dataset = "studio";
            c.datasetVersion = "v1";
            c.sha256 = c.last ? new byte[32] : null;
        });
        chunks.addAll(NoGenericTypesIT.chunks("other", new byte[10], 64, "other.txt"));
        ChunkEvent marker = new ChunkEvent();
        marker.uploadId = "m-1";
        marker.last = true;
        marker.data = new byte[0];
        marker.dataset = "studio";
        marker.datasetVersion = "v1";
        marker.controlMarkerId = "m-1";
        marker.controlPartitions = 1;
        marker.partition = 0;
        marker.timestamp = 1_700_000_000_000L;
        chunks.add(marker);

        List<VersionEvent> receipts = List.of(receipt("clip", 0, 0, 1000), receipt("clip", 1, 0, 1000),
                receipt("clip", 2, 3, 500), receipt("note", 0, 1, 10), receipt("clip", 1, 0, 1000));

        SingleOutputStreamOperator<ChunkEvent> uploads = env.fromData(chunks, TypeInformation.of(ChunkEvent.class))
                .setParallelism(1)
                .process(new RouteControl()).setParallelism(1);
        DataStream<VersionEvent> certified = env.fromData(receipts, TypeInformation.of(VersionEvent.class));
        DataStream<BlobTask> manifests = uploads.getSideOutput(RouteControl.VERSIONS)
                .union(certified)
                .keyBy(VersionEvent::versionKey, Types.STRING)
                .process(new BuildManifests(Duration.ZERO));
        DataStream<BlobTask> markersInAssembly = uploads
                .filter(c -> c.controlMarkerId != null)
                .map(c -> (BlobTask) null, TypeInformation.of(BlobTask.class));
        List<BlobTask> out = new ArrayList<>();
        try (CloseableIterator<BlobTask> it = manifests.union(markersInAssembly).executeAndCollect("manifests")) {
            it.forEachRemaining(out::add);
        }
        assertEquals(1, out.size(), "one final manifest, and no marker went on to assembly: " + out);
        BlobTask task = out.get(0);
        assertEquals("manifest:studio/v1", task.parts.get(0).uploadId());
        assertEquals(ManifestBlobs.FINAL, task.parts.get(0).sourceName());
        DatasetManifest m = ManifestCodec.fromBytes(task.data);
        assertTrue(m.getClosed());
        assertEquals(1_700_000_000_000L, m.getCreatedAt().toEpochMilli());
        assertEquals(List.of("cams/clip.mp4", "note.txt"), m.getFiles().stream().map(ManifestFile::getPath).toList());
        assertEquals(2500, m.getFiles().get(0).getSize());
        assertEquals(3, m.getFiles().get(0).getSegments().size());
    }

    private static VersionEvent receipt(String upload, int segment, int segments, long size) {
        VersionEvent e = new VersionEvent();
        e.kind = VersionEvent.Kind.CERTIFIED;
        e.dataset = "studio";
        e.datasetVersion = "v1";
        e.uploadId = upload;
        e.segment = segment;
        e.segments = segments;
        e.size = size;
        e.sha256 = new byte[32];
        e.blobId = "blob-" + upload + segment;
        e.objectId = "0x" + segment;
        e.endEpoch = 9;
        e.ok = true;
        return e;
    }
}
