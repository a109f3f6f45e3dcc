package dev.walrusstream.sink.serde;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for a type with an explicit {@link StateCodec}. Classes point at it with
 * {@code @TypeInfo}, so {@code TypeInformation.of(X.class)}, state descriptors, side outputs and
 * network channels all use the codec instead of the POJO or Kryo serializer.
 */
public final class CodecTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final StateCodec<T> codec;

    public CodecTypeInfo(StateCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return codec.type();
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new CodecSerializer<>(codec);
    }

    @Override
    public String toString() {
        return codec.type().getSimpleName() + " (codec v" + codec.version() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecTypeInfo<?> t && t.codec.getClass() == codec.getClass();
    }

    @Override
    public int hashCode() {
        return codec.getClass().hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CodecTypeInfo;
    }
}
