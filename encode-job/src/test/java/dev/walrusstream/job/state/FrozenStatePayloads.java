package dev.walrusstream.job.state;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.SmallUpload;
import dev.walrusstream.job.assembly.UploadState;
import dev.walrusstream.job.manifest.VersionEvent;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.serde.BlobTaskCodec;
import dev.walrusstream.sink.serde.CodecSerializer;
import dev.walrusstream.sink.serde.StateCodec;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample values of the frozen keyed-state payloads under {@code src/test/resources/state/v1/}
 * and the program that wrote them. Each file is what a checkpoint keeps of one state entry: the
 * serializer snapshot ({@link TypeSerializerSnapshot#writeVersionedSnapshot}) followed by the value
 * in its codec's format.
 *
 * <p>The files were written once by the version-1 codecs (commit "Keyed state: frozen v1 payloads",
 * on branch issue-12b) with
 * <pre>
 * mvn -B -o -pl encode-job -am test-compile
 * java -cp "encode-job/target/test-classes:encode-job/target/classes:$(mvn -q -o -pl encode-job \
 *     dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     dev.walrusstream.job.state.FrozenStatePayloads encode-job/src/test/resources/state/v1
 * </pre>
 * and are never regenerated: a codec whose format changes gets a new version and keeps reading
 * these ({@code FrozenStatePayloadsTest} fails otherwise).
 */
public final class FrozenStatePayloads {
    private FrozenStatePayloads() {
    }

    /** One frozen payload: file name, codec and the value it holds. */
    record Payload<T>(String file, StateCodec<T> codec, T value) {
        byte[] write() throws IOException {
            CodecSerializer<T> serializer = new CodecSerializer<>(codec);
            DataOutputSerializer out = new DataOutputSerializer(256);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
            serializer.serialize(value, out);
            return out.getCopyOfBuffer();
        }
    }

    static List<Payload<?>> all() {
        return List.of(
                new Payload<>("upload-state.bin", new UploadStateCodec(), uploadState()),
                new Payload<>("chunk-event.bin", new ChunkEventCodec(), chunkEvent()),
                new Payload<>("small-upload.bin", new SmallUploadCodec(), new SmallUpload(part("notes/ünïcode.txt", true),
                        new byte[]{1, 2, 3, 4, 5})),
                new Payload<>("blob-task.bin", new BlobTaskCodec(), BlobTask.quilt(
                        List.of(part("a.json", true), part("b.json", true)), bytes(300, 7))),
                new Payload<>("version-event.bin", new VersionEventCodec(), versionEvent()));
    }

    static Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("camera", "x100");
        return m;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static BlobPart part(String name, boolean patch) {
        BlobPart p = BlobPart.builder()
                .uploadId("upload-" + name)
                .segment(0)
                .segments(1)
                .sourceName(name)
                .contentType("application/json")
                .dataset("pets")
                .datasetVersion("v1")
                .attributes(new java.util.HashMap<>(attributes()))
                .identifier(patch ? name : null)
                .startColumn(patch ? 1 : -1)
                .endColumn(patch ? 3 : -1)
                .size(4321)
                .sha256(bytes(32, 3))
                .topic("walrus.chunks")
                .partition(2)
                .firstOffset(40)
                .lastOffset(41)
                .build();
        return p;
    }

    static UploadState uploadState() {
        UploadState s = new UploadState();
        s.uploadId = "upload-7";
        s.nextSequence = 11;
        s.received = 1_441_792;
        s.segment = 1;
        s.pending = new ArrayList<>(List.of(bytes(10, 1), new byte[0], bytes(70, 2)));
        s.pendingBytes = 80;
        s.digestState = bytes(40, 5);
        s.digestIncludesPending = true; // what version 1 meant: the state covered every byte received
        s.contentType = "video/mp4";
        s.sourceName = "crash/large-4.bin";
        s.dataset = "footage";
        s.datasetVersion = "2026-12";
        s.attributes = new java.util.HashMap<>(attributes());
        s.topic = "walrus.chunks";
        s.partition = 1;
        s.segmentFirstOffset = 41;
        s.lastOffset = 43;
        s.failedReason = null;
        s.failedMessage = null;
        return s;
    }

    static ChunkEvent chunkEvent() {
        ChunkEvent c = new ChunkEvent();
        c.uploadId = "upload-7";
        c.sequence = 3;
        c.offset = 393_216;
        c.last = false;
        c.data = bytes(64, 9);
        c.contentType = "video/mp4";
        c.sourceName = "crash/large-4.bin";
        c.dataset = "footage";
        c.datasetVersion = "2026-12";
        c.attributes = new java.util.HashMap<>(attributes());
        c.sha256 = null;
        c.totalSize = -1;
        c.controlMarkerId = null;
        c.controlPartitions = 0;
        c.topic = "walrus.chunks";
        c.partition = 1;
        c.kafkaOffset = 42;
        c.timestamp = 1_764_755_000_000L;
        c.originalKey = "upload-7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        c.originalValue = bytes(8, 4);
        return c;
    }

    static VersionEvent versionEvent() {
        VersionEvent e = new VersionEvent();
        e.kind = VersionEvent.Kind.CERTIFIED;
        e.dataset = "footage";
        e.datasetVersion = "2026-12";
        e.uploadId = "upload-7";
        e.path = "cams/clip.mp4";
        e.size = 2_500_000;
        e.sha256 = bytes(32, 8);
        e.contentType = "video/mp4";
        e.attributes = new java.util.HashMap<>(attributes());
        e.markerId = null;
        e.partition = 1;
        e.partitions = 3;
        e.timestamp = 1_764_755_000_123L;
        e.segment = 2;
        e.segments = 3;
        e.blobId = "M5aC0t2qpTj2aHMq7xH0Cq4d3eT0hXo2cVw8bq1zP0E";
        e.quiltPatchId = null;
        e.objectId = "0x00000000000000000000000000000000000000000000000000000000000000a7";
        e.endEpoch = 8;
        e.ok = true;
        e.problem = null;
        return e;
    }

    /** Writes every payload into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Payload<?> p : all()) {
            Files.write(dir.resolve(p.file()), p.write());
        }
    }
}
