package dev.walrusstream.sink.serde;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * What a checkpoint records about a {@link CodecSerializer}: the codec's class and the state version
 * written. On restore: the same version is compatible as is; an older version the codec still reads,
 * or state written by Flink's POJO serializer before the explicit formats existed, is compatible
 * after migration (Flink reads it with the old serializer and rewrites it in the current format).
 */
public final class CodecSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
    private static final int SNAPSHOT_VERSION = 1;

    private StateCodec<T> codec;
    private int stateVersion;

    /** For Flink, which instantiates snapshots reflectively and then reads them. */
    public CodecSerializerSnapshot() {
    }

    CodecSerializerSnapshot(StateCodec<T> codec, int stateVersion) {
        this.codec = codec;
        this.stateVersion = stateVersion;
    }

    @Override
    public int getCurrentVersion() {
        return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(codec.getClass().getName());
        out.writeInt(stateVersion);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != SNAPSHOT_VERSION) {
            throw new IOException("unknown codec serializer snapshot version " + readVersion);
        }
        String name = in.readUTF();
        stateVersion = in.readInt();
        try {
            codec = (StateCodec<T>) Class.forName(name, true, classLoader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IOException("the checkpoint's state codec " + name + " cannot be loaded: " + e, e);
        }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return new CodecSerializer<>(codec, stateVersion);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old instanceof CodecSerializerSnapshot<T> o && o.codec.getClass() == codec.getClass()) {
            if (o.stateVersion == stateVersion) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return codec.readsVersion(o.stateVersion) ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
        if (old instanceof PojoSerializerSnapshot<T>) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
