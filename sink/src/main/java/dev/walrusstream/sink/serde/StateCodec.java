package dev.walrusstream.sink.serde;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The explicit, versioned binary form of one type of job state. {@link #write} always writes the
 * current {@link #version()}; {@link #read} reads the current version and every older one it lists
 * in {@link #readsVersion}. Implementations are stateless singletons.
 */
public interface StateCodec<T> extends java.io.Serializable {
    /** The version {@link #write} produces. */
    int version();

    /** True when {@link #read} understands payloads of {@code version}. */
    default boolean readsVersion(int version) {
        return version == version();
    }

    void write(T value, DataOutput out) throws IOException;

    T read(int version, DataInput in) throws IOException;

    /** A deep copy (Flink copies records between chained operators when object reuse is off). */
    T copy(T value);

    /** The class of the values, for type information and error messages. */
    Class<T> type();
}
