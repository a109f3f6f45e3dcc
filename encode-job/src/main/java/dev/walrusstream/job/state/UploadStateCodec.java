package dev.walrusstream.job.state;

import dev.walrusstream.job.assembly.UploadState;
import dev.walrusstream.sink.serde.CodecTypeInfo;
import dev.walrusstream.sink.serde.StateCodec;
import dev.walrusstream.sink.serde.StateIo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The assembler's keyed state: every field of {@link UploadState}, in declaration order. Version 2 adds
 * {@code digestIncludesPending} at the end; version 1 payloads, whose digest state covered every byte
 * received, are read with it set.
 */
public final class UploadStateCodec implements StateCodec<UploadState> {
    @Override
    public int version() {
        return 2;
    }

    @Override
    public boolean readsVersion(int version) {
        return version == 1 || version == 2;
    }

    @Override
    public void write(UploadState s, DataOutput out) throws IOException {
        StateIo.writeString(out, s.uploadId);
        out.writeLong(s.nextSequence);
        out.writeLong(s.received);
        out.writeInt(s.segment);
        out.writeInt(s.pending.size());
        for (byte[] chunk : s.pending) {
            StateIo.writeBytes(out, chunk);
        }
        out.writeLong(s.pendingBytes);
        StateIo.writeBytes(out, s.digestState);
        StateIo.writeString(out, s.contentType);
        StateIo.writeString(out, s.sourceName);
        StateIo.writeString(out, s.dataset);
        StateIo.writeString(out, s.datasetVersion);
        StateIo.writeStringMap(out, s.attributes);
        StateIo.writeString(out, s.topic);
        out.writeInt(s.partition);
        out.writeLong(s.segmentFirstOffset);
        out.writeLong(s.lastOffset);
        StateIo.writeString(out, s.failedReason);
        StateIo.writeString(out, s.failedMessage);
        out.writeBoolean(s.digestIncludesPending);
    }

    @Override
    public UploadState read(int version, DataInput in) throws IOException {
        UploadState s = new UploadState();
        s.uploadId = StateIo.readString(in, "upload.uploadId");
        s.nextSequence = in.readLong();
        s.received = in.readLong();
        s.segment = in.readInt();
        int chunks = StateIo.readCount(in, "upload.pending", 1 << 24);
        s.pending = new ArrayList<>(Math.min(chunks, 1024));
        for (int i = 0; i < chunks; i++) {
            s.pending.add(StateIo.readBytes(in, "upload.pending[" + i + "]"));
        }
        s.pendingBytes = in.readLong();
        s.digestState = StateIo.readBytes(in, "upload.digestState");
        s.contentType = StateIo.readString(in, "upload.contentType");
        s.sourceName = StateIo.readString(in, "upload.sourceName");
        s.dataset = StateIo.readString(in, "upload.dataset");
        s.datasetVersion = StateIo.readString(in, "upload.datasetVersion");
        Map<String, String> attributes = StateIo.readStringMap(in, "upload.attributes");
        s.attributes = attributes == null ? new HashMap<>() : new HashMap<>(attributes);
        s.topic = StateIo.readString(in, "upload.topic");
        s.partition = in.readInt();
        s.segmentFirstOffset = in.readLong();
        s.lastOffset = in.readLong();
        s.failedReason = StateIo.readString(in, "upload.failedReason");
        s.failedMessage = StateIo.readString(in, "upload.failedMessage");
        s.digestIncludesPending = version < 2 || in.readBoolean();
        return s;
    }

    @Override
    public UploadState copy(UploadState s) {
        UploadState c = new UploadState();
        c.uploadId = s.uploadId;
        c.nextSequence = s.nextSequence;
        c.received = s.received;
        c.segment = s.segment;
        c.pending = new ArrayList<>(s.pending.size());
        for (byte[] b : s.pending) {
            c.pending.add(b == null ? null : b.clone());
        }
        c.pendingBytes = s.pendingBytes;
        c.digestState = s.digestState == null ? null : s.digestState.clone();
        c.digestIncludesPending = s.digestIncludesPending;
        c.contentType = s.contentType;
        c.sourceName = s.sourceName;
        c.dataset = s.dataset;
        c.datasetVersion = s.datasetVersion;
        c.attributes = s.attributes == null ? new HashMap<>() : new HashMap<>(s.attributes);
        c.topic = s.topic;
        c.partition = s.partition;
        c.segmentFirstOffset = s.segmentFirstOffset;
        c.lastOffset = s.lastOffset;
        c.failedReason = s.failedReason;
        c.failedMessage = s.failedMessage;
        return c;
    }

    @Override
    public Class<UploadState> type() {
        return UploadState.class;
    }

    /** {@code @TypeInfo} factory. */
    public static final class Factory extends TypeInfoFactory<UploadState> {
        @Override
        public TypeInformation<UploadState> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return new CodecTypeInfo<>(new UploadStateCodec());
        }
    }
}
