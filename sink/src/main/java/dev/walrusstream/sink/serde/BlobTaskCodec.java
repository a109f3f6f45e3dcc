package dev.walrusstream.sink.serde;

import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;

/** Version 1 of {@link BlobTask} on the wire and in state: name, quilt flag, bytes, parts. */
public final class BlobTaskCodec implements StateCodec<BlobTask> {
    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(BlobTask t, DataOutput out) throws IOException {
        StateIo.writeString(out, t.name);
        out.writeBoolean(t.quilt);
        StateIo.writeBytes(out, t.data);
        out.writeInt(t.parts.size());
        for (BlobPart p : t.parts) {
            BlobPartCodec.write(p, out);
        }
    }

    @Override
    public BlobTask read(int version, DataInput in) throws IOException {
        BlobTask t = new BlobTask();
        t.name = StateIo.readString(in, "task.name");
        t.quilt = in.readBoolean();
        t.data = StateIo.readBytes(in, "task.data");
        int n = StateIo.readCount(in, "task.parts", 1 << 20);
        t.parts = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            t.parts.add(BlobPartCodec.read(in));
        }
        return t;
    }

    @Override
    public BlobTask copy(BlobTask t) {
        BlobTask c = new BlobTask();
        c.name = t.name;
        c.quilt = t.quilt;
        c.data = t.data == null ? null : t.data.clone();
        c.parts = new ArrayList<>(t.parts); // parts are immutable
        return c;
    }

    @Override
    public Class<BlobTask> type() {
        return BlobTask.class;
    }

    /** {@code @TypeInfo} factory for {@link BlobTask}. */
    public static final class Factory extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<BlobTask> {
        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<BlobTask> createTypeInfo(
                java.lang.reflect.Type t, java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> params) {
            return new CodecTypeInfo<>(new BlobTaskCodec());
        }
    }
}
