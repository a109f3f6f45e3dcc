package dev.walrusstream.job.state;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.SmallUpload;
import dev.walrusstream.job.assembly.UploadState;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.serde.CodecSerializer;
import dev.walrusstream.sink.serde.CodecTypeInfo;
import dev.walrusstream.sink.serde.StateCodec;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every field of every piece of job state survives its codec (compared reflectively, so a field
 * added to a class but forgotten in its codec fails here), strings of 1 MiB included; the types
 * resolve to the codecs, not to POJO or Kryo; snapshots restore.
 */
class JobStateCodecsTest {
    private static final String MIB = "ä".repeat(512 * 1024) + "z";

    private static <T> T roundTrip(StateCodec<T> codec, T value) throws IOException {
        TypeSerializer<T> serializer = new CodecSerializer<>(codec);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertDeepEquals(value, back, codec.type().getSimpleName());
        assertDeepEquals(value, serializer.copy(value), codec.type().getSimpleName() + " copy");
        return back;
    }

    /** Compares every declared instance field (arrays by content, lists of arrays element-wise, nested parts recursively). */
    static void assertDeepEquals(Object a, Object b, String where) {
        for (Field f : a.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            try {
                Object x = f.get(a);
                Object y = f.get(b);
                String name = where + "." + f.getName();
                if (x instanceof byte[] bx) {
                    assertTrue(Arrays.equals(bx, (byte[]) y), name);
                } else if (x instanceof BlobPart px) {
                    assertDeepEquals(px, y, name);
                } else if (x instanceof List<?> lx) {
                    List<?> ly = (List<?>) y;
                    assertEquals(lx.size(), ly.size(), name);
                    for (int i = 0; i < lx.size(); i++) {
                        Object ex = lx.get(i);
                        if (ex instanceof byte[] bx) {
                            assertTrue(Arrays.equals(bx, (byte[]) ly.get(i)), name + "[" + i + "]");
                        } else {
                            assertDeepEquals(ex, ly.get(i), name + "[" + i + "]");
                        }
                    }
                } else {
                    assertEquals(x, y, name);
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    static BlobPart part(String name) {
        BlobPart p = BlobPart.builder()
                .uploadId("u-" + name.length())
                .segment(3)
                .segments(4)
                .sourceName(name)
                .contentType("text/plain")
                .dataset("d")
                .datasetVersion("v")
                .attributes(new HashMap<>(Map.of("long", name, name, "key too")))
                .identifier("i")
                .startColumn(1)
                .endColumn(2)
                .size(77)
                .sha256(FrozenStatePayloads.bytes(32, 1))
                .topic("t")
                .partition(9)
                .firstOffset(10)
                .lastOffset(11)
                .build();
        return p;
    }

    @Test
    void uploadStateRoundTripsEveryField() throws IOException {
        UploadState s = new UploadState();
        s.uploadId = "upload";
        s.nextSequence = 17;
        s.received = 1 << 20;
        s.segment = 2;
        s.pending = new ArrayList<>(List.of(new byte[]{1}, new byte[0], new byte[70_000]));
        s.pendingBytes = 70_001;
        s.digestState = new byte[]{9, 8, 7};
        s.contentType = "c";
        s.sourceName = MIB;
        s.dataset = "d";
        s.datasetVersion = "dv";
        s.attributes = new HashMap<>(Map.of("a", MIB));
        s.topic = "walrus.chunks";
        s.partition = 3;
        s.segmentFirstOffset = 5;
        s.lastOffset = 6;
        s.failedReason = "TOO_LARGE";
        s.failedMessage = "m";
        roundTrip(new UploadStateCodec(), s);
        roundTrip(new UploadStateCodec(), new UploadState());
    }

    @Test
    void smallUploadAndBlobTaskRoundTripEveryField() throws IOException {
        roundTrip(new SmallUploadCodec(), new SmallUpload(part(MIB), new byte[]{4, 5, 6}));
        BlobTask t = BlobTask.quilt(List.of(part("a"), part(MIB)), new byte[1234]);
        BlobTask back = roundTrip(new dev.walrusstream.sink.serde.BlobTaskCodec(), t);
        assertDeepEquals(t.parts.get(1), back.parts.get(1), "task.parts[1]");
    }

    @Test
    void chunkEventRoundTripsEveryField() throws IOException {
        ChunkEvent c = new ChunkEvent();
        c.uploadId = "u";
        c.sequence = 1;
        c.offset = 2;
        c.last = true;
        c.data = new byte[]{1, 2};
        c.contentType = "ct";
        c.sourceName = MIB;
        c.dataset = "ds";
        c.datasetVersion = "dv";
        c.attributes = new HashMap<>(Map.of(MIB, MIB));
        c.sha256 = new byte[32];
        c.totalSize = 99;
        c.topic = "t";
        c.partition = 4;
        c.kafkaOffset = 5;
        c.timestamp = 6;
        c.originalKey = new byte[]{7};
        c.originalValue = new byte[]{8};
        c.controlMarkerId = "marker";
        c.controlPartitions = 3;
        roundTrip(new ChunkEventCodec(), c);
    }

    @Test
    void versionEventRoundTripsEveryField() throws IOException {
        dev.walrusstream.job.manifest.VersionEvent e = new dev.walrusstream.job.manifest.VersionEvent();
        e.kind = dev.walrusstream.job.manifest.VersionEvent.Kind.CERTIFIED;
        e.dataset = "d";
        e.datasetVersion = MIB;
        e.uploadId = "u";
        e.path = "p";
        e.size = 1;
        e.sha256 = new byte[32];
        e.contentType = "ct";
        e.attributes = new HashMap<>(Map.of("k", MIB));
        e.markerId = "m";
        e.partition = 2;
        e.partitions = 3;
        e.timestamp = 4;
        e.segment = 5;
        e.segments = 6;
        e.blobId = "b";
        e.quiltPatchId = "q";
        e.objectId = "o";
        e.endEpoch = 7;
        e.ok = true;
        e.problem = "x";
        roundTrip(new VersionEventCodec(), e);
        e.kind = dev.walrusstream.job.manifest.VersionEvent.Kind.RENEWED;
        e.encryption = dev.walrusstream.schemas.Encryption.newBuilder().setKeyId("kek")
                .setWrappedKey(java.nio.ByteBuffer.wrap(new byte[40])).setPlaintextSize(9).build();
        roundTrip(new VersionEventCodec(), e);
    }

    @Test
    void keptBlobRoundTripsEveryField() throws IOException {
        dev.walrusstream.job.keeper.KeptBlob k = new dev.walrusstream.job.keeper.KeptBlob("0xab", 7, List.of(
                new dev.walrusstream.job.keeper.KeptBlob.Ref("v1", "u1", 0),
                new dev.walrusstream.job.keeper.KeptBlob.Ref("v2", "u2", 3)));
        dev.walrusstream.job.keeper.KeptBlobCodec codec = new dev.walrusstream.job.keeper.KeptBlobCodec();
        TypeSerializer<dev.walrusstream.job.keeper.KeptBlob> serializer = new CodecSerializer<>(codec);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(k, out);
        assertEquals(k, serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        assertEquals(k, serializer.copy(k));
        assertTrue(!k.add(new dev.walrusstream.job.keeper.KeptBlob.Ref("v1", "u1", 0), 7), "a replayed receipt");
        k.renewedTo(12);
        k.renewedTo(9);
        assertEquals(12, k.endEpoch(), "renewals never move the end epoch back");
    }

    @Test
    void theJobStateTypesResolveToTheirCodecsNotToPojoOrKryo() {
        SerializerConfigImpl noGenerics = new SerializerConfigImpl();
        noGenerics.setGenericTypes(false);
        for (Class<?> type : List.of(ChunkEvent.class, UploadState.class, SmallUpload.class, BlobTask.class,
                dev.walrusstream.job.manifest.VersionEvent.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertInstanceOf(CodecTypeInfo.class, info, type.getName());
            assertInstanceOf(CodecSerializer.class, info.createSerializer(noGenerics), type.getName());
        }
    }

    @Test
    void aSnapshotRestoresTheSerializerAndIsCompatibleAsIs() throws IOException {
        CodecSerializer<UploadState> serializer = new CodecSerializer<>(new UploadStateCodec());
        TypeSerializerSnapshot<UploadState> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<UploadState> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertEquals(serializer, read.restoreSerializer());
        TypeSerializerSchemaCompatibility<UploadState> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertTrue(compatibility.isCompatibleAsIs(), compatibility.toString());
    }
}
