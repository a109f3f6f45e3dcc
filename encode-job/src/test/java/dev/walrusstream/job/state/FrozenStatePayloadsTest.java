package dev.walrusstream.job.state;

import dev.walrusstream.job.assembly.UploadState;
import dev.walrusstream.sink.serde.CodecSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keyed state a checkpoint keeps restores from frozen payloads of format version 1 (written once
 * by {@link FrozenStatePayloads}, never regenerated): the snapshot restores the serializer, the
 * serializer reads every field back, and a codec still at version 1 writes those exact bytes (a
 * format change without a new version fails here); a codec at a later version reads them as a
 * migration. A snapshot of a version this build does not
 * know is refused, naming the type and the version.
 */
class FrozenStatePayloadsTest {
    /**
     * Payloads whose codec has a newer version since they were frozen: VersionEventCodec v2 adds the
     * segment's encryption, UploadStateCodec v2 says whether the digest state covers the pending bytes.
     */
    private static final Set<String> MOVED_ON = Set.of("version-event.bin", "upload-state.bin");

    static byte[] resource(String name) throws IOException {
        try (InputStream in = FrozenStatePayloadsTest.class.getResourceAsStream("/state/v1/" + name)) {
            if (in == null) {
                throw new IOException("test resource /state/v1/" + name + " is missing (see FrozenStatePayloads)");
            }
            return in.readAllBytes();
        }
    }

    @Test
    void everyVersionOnePayloadRestoresEveryField() throws IOException {
        for (FrozenStatePayloads.Payload<?> p : FrozenStatePayloads.all()) {
            restores(p);
        }
    }

    private static <T> void restores(FrozenStatePayloads.Payload<T> p) throws IOException {
        byte[] frozen = resource(p.file());
        DataInputDeserializer in = new DataInputDeserializer(frozen);
        TypeSerializerSnapshot<T> snapshot = TypeSerializerSnapshot.readVersionedSnapshot(in,
                FrozenStatePayloadsTest.class.getClassLoader());
        TypeSerializer<T> restored = snapshot.restoreSerializer();
        T value = restored.deserialize(in);
        assertEquals(0, in.available(), p.file() + ": the whole payload was read");
        JobStateCodecsTest.assertDeepEquals(p.value(), value, p.file());
        TypeSerializerSchemaCompatibility<T> compatibility = new dev.walrusstream.sink.serde.CodecSerializer<>(p.codec())
                .snapshotConfiguration().resolveSchemaCompatibility(snapshot);
        if (!MOVED_ON.contains(p.file())) {
            assertTrue(compatibility.isCompatibleAsIs(), p.file() + ": " + compatibility);
            assertArrayEquals(frozen, p.write(), p.file() + ": the version-1 codec still writes the frozen bytes; "
                    + "a changed format needs a new version that keeps reading version 1");
        } else {
            // the codec moved on (e.g. VersionEventCodec v2 adds the segment's encryption): version-1 state
            // is read, then rewritten in the current format at the next checkpoint
            assertTrue(compatibility.isCompatibleAfterMigration(), p.file() + ": " + compatibility);
            assertTrue(p.codec().readsVersion(1), p.file() + ": the current codec still reads version 1");
        }
    }

    @Test
    void aSnapshotOfAFutureVersionIsRefusedNamingTheTypeAndTheVersion() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeUTF(CodecSerializerSnapshot.class.getName()); // what writeVersionedSnapshot writes
        out.writeInt(1);                                      // the snapshot's own format
        out.writeUTF(UploadStateCodec.class.getName());
        out.writeInt(3);                                      // the state format: not known to this build
        TypeSerializerSnapshot<UploadState> future = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, future::restoreSerializer);
        assertTrue(e.getMessage().contains("state version 3") && e.getMessage().contains(UploadState.class.getName())
                && e.getMessage().contains("writes version 2"), e.getMessage());
        TypeSerializerSchemaCompatibility<UploadState> compatibility = new dev.walrusstream.sink.serde.CodecSerializer<>(
                new UploadStateCodec()).snapshotConfiguration().resolveSchemaCompatibility(future);
        assertTrue(compatibility.isIncompatible(), "restoring version 3 state is incompatible: " + compatibility);
    }

    @Test
    void aTruncatedPayloadFailsInsteadOfRestoringGarbage() throws IOException {
        byte[] frozen = resource("upload-state.bin");
        DataInputDeserializer in = new DataInputDeserializer(java.util.Arrays.copyOf(frozen, frozen.length - 20));
        TypeSerializer<UploadState> restored = TypeSerializerSnapshot.<UploadState>readVersionedSnapshot(in,
                getClass().getClassLoader()).restoreSerializer();
        assertThrows(IOException.class, () -> restored.deserialize(in));
    }
}
