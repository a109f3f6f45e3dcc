package dev.walrusstream.job.state;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.sink.serde.CodecTypeInfo;
import dev.walrusstream.sink.serde.StateCodec;
import dev.walrusstream.sink.serde.StateIo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * A decoded chunk between the source and the assembler: every field of {@link ChunkEvent}. Version 2
 * adds the close marker's id and partition count (control records); version 1 payloads read with none.
 */
public final class ChunkEventCodec implements StateCodec<ChunkEvent> {
    @Override
    public int version() {
        return 2;
    }

    @Override
    public boolean readsVersion(int version) {
        return version == 1 || version == 2;
    }

    @Override
    public void write(ChunkEvent c, DataOutput out) throws IOException {
        StateIo.writeString(out, c.uploadId);
        out.writeLong(c.sequence);
        out.writeLong(c.offset);
        out.writeBoolean(c.last);
        StateIo.writeBytes(out, c.data);
        StateIo.writeString(out, c.contentType);
        StateIo.writeString(out, c.sourceName);
        StateIo.writeString(out, c.dataset);
        StateIo.writeString(out, c.datasetVersion);
        StateIo.writeStringMap(out, c.attributes);
        StateIo.writeBytes(out, c.sha256);
        out.writeLong(c.totalSize);
        StateIo.writeString(out, c.topic);
        out.writeInt(c.partition);
        out.writeLong(c.kafkaOffset);
        out.writeLong(c.timestamp);
        StateIo.writeBytes(out, c.originalKey);
        StateIo.writeBytes(out, c.originalValue);
        StateIo.writeString(out, c.controlMarkerId);
        out.writeInt(c.controlPartitions);
    }

    @Override
    public ChunkEvent read(int version, DataInput in) throws IOException {
        ChunkEvent c = new ChunkEvent();
        c.uploadId = StateIo.readString(in, "chunk.uploadId");
        c.sequence = in.readLong();
        c.offset = in.readLong();
        c.last = in.readBoolean();
        c.data = StateIo.readBytes(in, "chunk.data");
        c.contentType = StateIo.readString(in, "chunk.contentType");
        c.sourceName = StateIo.readString(in, "chunk.sourceName");
        c.dataset = StateIo.readString(in, "chunk.dataset");
        c.datasetVersion = StateIo.readString(in, "chunk.datasetVersion");
        Map<String, String> attributes = StateIo.readStringMap(in, "chunk.attributes");
        c.attributes = attributes == null ? new HashMap<>() : new HashMap<>(attributes);
        c.sha256 = StateIo.readBytes(in, "chunk.sha256");
        c.totalSize = in.readLong();
        c.topic = StateIo.readString(in, "chunk.topic");
        c.partition = in.readInt();
        c.kafkaOffset = in.readLong();
        c.timestamp = in.readLong();
        c.originalKey = StateIo.readBytes(in, "chunk.originalKey");
        c.originalValue = StateIo.readBytes(in, "chunk.originalValue");
        if (version >= 2) {
            c.controlMarkerId = StateIo.readString(in, "chunk.controlMarkerId");
            c.controlPartitions = in.readInt();
        }
        return c;
    }

    @Override
    public ChunkEvent copy(ChunkEvent c) {
        ChunkEvent d = new ChunkEvent();
        d.uploadId = c.uploadId;
        d.sequence = c.sequence;
        d.offset = c.offset;
        d.last = c.last;
        d.data = c.data == null ? null : c.data.clone();
        d.contentType = c.contentType;
        d.sourceName = c.sourceName;
        d.dataset = c.dataset;
        d.datasetVersion = c.datasetVersion;
        d.attributes = c.attributes == null ? new HashMap<>() : new HashMap<>(c.attributes);
        d.sha256 = c.sha256 == null ? null : c.sha256.clone();
        d.totalSize = c.totalSize;
        d.topic = c.topic;
        d.partition = c.partition;
        d.kafkaOffset = c.kafkaOffset;
        d.timestamp = c.timestamp;
        d.originalKey = c.originalKey == null ? null : c.originalKey.clone();
        d.originalValue = c.originalValue == null ? null : c.originalValue.clone();
        d.controlMarkerId = c.controlMarkerId;
        d.controlPartitions = c.controlPartitions;
        return d;
    }

    @Override
    public Class<ChunkEvent> type() {
        return ChunkEvent.class;
    }

    /** {@code @TypeInfo} factory. */
    public static final class Factory extends TypeInfoFactory<ChunkEvent> {
        @Override
        public TypeInformation<ChunkEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return new CodecTypeInfo<>(new ChunkEventCodec());
        }
    }
}
