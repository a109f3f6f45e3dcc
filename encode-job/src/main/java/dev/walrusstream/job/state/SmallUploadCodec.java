package dev.walrusstream.job.state;

import dev.walrusstream.job.assembly.SmallUpload;
import dev.walrusstream.sink.serde.BlobPartCodec;
import dev.walrusstream.sink.serde.CodecTypeInfo;
import dev.walrusstream.sink.serde.StateCodec;
import dev.walrusstream.sink.serde.StateIo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Version 1 of the quilt packer's state and side output: a small upload's part and bytes. */
public final class SmallUploadCodec implements StateCodec<SmallUpload> {
    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(SmallUpload u, DataOutput out) throws IOException {
        BlobPartCodec.write(u.part, out);
        StateIo.writeBytes(out, u.data);
    }

    @Override
    public SmallUpload read(int version, DataInput in) throws IOException {
        return new SmallUpload(BlobPartCodec.read(in), StateIo.readBytes(in, "small.data"));
    }

    @Override
    public SmallUpload copy(SmallUpload u) {
        return new SmallUpload(u.part, u.data == null ? null : u.data.clone());
    }

    @Override
    public Class<SmallUpload> type() {
        return SmallUpload.class;
    }

    /** {@code @TypeInfo} factory. */
    public static final class Factory extends TypeInfoFactory<SmallUpload> {
        @Override
        public TypeInformation<SmallUpload> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return new CodecTypeInfo<>(new SmallUploadCodec());
        }
    }
}
