package dev.walrusstream.sink.serde;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Objects;

/**
 * A Flink {@link TypeSerializer} over a {@link StateCodec}: no Kryo, no POJO reflection. Writes the
 * codec's current version; a serializer restored from an older snapshot reads that older version
 * (its snapshot records which), so Flink migrates old state on restore.
 */
public final class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final StateCodec<T> codec;
    private final int readVersion;

    public CodecSerializer(StateCodec<T> codec) {
        this(codec, codec.version());
    }

    CodecSerializer(StateCodec<T> codec, int readVersion) {
        if (!codec.readsVersion(readVersion)) {
            throw new IllegalArgumentException(codec.type().getName() + " state version " + readVersion
                    + " is not readable by this build (it writes version " + codec.version() + ")");
        }
        this.codec = codec;
        this.readVersion = readVersion;
    }

    public StateCodec<T> codec() {
        return codec;
    }

    int readVersion() {
        return readVersion;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from == null ? null : codec.copy(from);
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        codec.write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return codec.read(readVersion, source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecSerializer<?> s && s.codec.getClass() == codec.getClass() && s.readVersion == readVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec.getClass(), readVersion);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new CodecSerializerSnapshot<>(codec, codec.version());
    }

    @Override
    public String toString() {
        return "CodecSerializer(" + codec.type().getSimpleName() + " v" + readVersion + ")";
    }
}
