package dev.walrusstream.job.manifest;

import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Base of the manifest builder's explicit state serializers: every value starts with a format byte,
 * so a later build reads what an earlier one wrote (and refuses, naming both, a format it does not know);
 * strings and byte arrays are length-prefixed with -1 for null. Copies go through the binary form.
 */
abstract class StateFormat<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** The format this build writes. */
    abstract int format();

    abstract void write(T value, DataOutputView out) throws IOException;

    abstract T read(int format, DataInputView in) throws IOException;

    abstract String what();

    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        out.writeByte(format());
        write(value, out);
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        int f = in.readUnsignedByte();
        if (f < 1 || f > format()) {
            throw new IOException(what() + " state has format " + f + "; this build reads formats 1.." + format());
        }
        return read(f, in);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final T copy(T from) {
        if (from == null) {
            return null;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + what() + " state", e);
        }
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    static void string(DataOutputView out, String s) throws IOException {
        bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    static String string(DataInputView in) throws IOException {
        byte[] b = bytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static void bytes(DataOutputView out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static byte[] bytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < -1) {
            throw new IOException("corrupt state: negative length " + n);
        }
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
