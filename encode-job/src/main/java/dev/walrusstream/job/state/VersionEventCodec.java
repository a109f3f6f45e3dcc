package dev.walrusstream.job.state;

import dev.walrusstream.job.manifest.VersionEvent;
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
 * A {@link VersionEvent} on its way to the manifest builder: every field. Version 2 adds the segment's
 * encryption at the end (version 1 payloads read with none).
 */
public final class VersionEventCodec implements StateCodec<VersionEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public int version() {
        return 2;
    }

    @Override
    public boolean readsVersion(int version) {
        return version == 1 || version == 2;
    }

    @Override
    public void write(VersionEvent e, DataOutput out) throws IOException {
        out.writeByte(e.kind.ordinal());
        StateIo.writeString(out, e.dataset);
        StateIo.writeString(out, e.datasetVersion);
        StateIo.writeString(out, e.uploadId);
        StateIo.writeString(out, e.path);
        out.writeLong(e.size);
        StateIo.writeBytes(out, e.sha256);
        StateIo.writeString(out, e.contentType);
        StateIo.writeStringMap(out, e.attributes);
        StateIo.writeString(out, e.markerId);
        out.writeInt(e.partition);
        out.writeInt(e.partitions);
        out.writeLong(e.timestamp);
        out.writeInt(e.segment);
        out.writeInt(e.segments);
        StateIo.writeString(out, e.blobId);
        StateIo.writeString(out, e.quiltPatchId);
        StateIo.writeString(out, e.objectId);
        out.writeInt(e.endEpoch);
        out.writeBoolean(e.ok);
        StateIo.writeString(out, e.problem);
        EncryptionIo.write(out, e.encryption);
    }

    @Override
    public VersionEvent read(int version, DataInput in) throws IOException {
        VersionEvent e = new VersionEvent();
        int kind = in.readUnsignedByte();
        if (kind >= VersionEvent.Kind.values().length) {
            throw new IOException("corrupt version event: kind " + kind + " (known: 0.." + (VersionEvent.Kind.values().length - 1) + ")");
        }
        e.kind = VersionEvent.Kind.values()[kind];
        e.dataset = StateIo.readString(in, "event.dataset");
        e.datasetVersion = StateIo.readString(in, "event.datasetVersion");
        e.uploadId = StateIo.readString(in, "event.uploadId");
        e.path = StateIo.readString(in, "event.path");
        e.size = in.readLong();
        e.sha256 = StateIo.readBytes(in, "event.sha256");
        e.contentType = StateIo.readString(in, "event.contentType");
        Map<String, String> attributes = StateIo.readStringMap(in, "event.attributes");
        e.attributes = attributes == null ? new HashMap<>() : new HashMap<>(attributes);
        e.markerId = StateIo.readString(in, "event.markerId");
        e.partition = in.readInt();
        e.partitions = in.readInt();
        e.timestamp = in.readLong();
        e.segment = in.readInt();
        e.segments = in.readInt();
        e.blobId = StateIo.readString(in, "event.blobId");
        e.quiltPatchId = StateIo.readString(in, "event.quiltPatchId");
        e.objectId = StateIo.readString(in, "event.objectId");
        e.endEpoch = in.readInt();
        e.ok = in.readBoolean();
        e.problem = StateIo.readString(in, "event.problem");
        e.encryption = version >= 2 ? EncryptionIo.read(in, "event.encryption") : null;
        return e;
    }

    @Override
    public VersionEvent copy(VersionEvent e) {
        VersionEvent c = new VersionEvent();
        c.kind = e.kind;
        c.dataset = e.dataset;
        c.datasetVersion = e.datasetVersion;
        c.uploadId = e.uploadId;
        c.path = e.path;
        c.size = e.size;
        c.sha256 = e.sha256 == null ? null : e.sha256.clone();
        c.contentType = e.contentType;
        c.attributes = e.attributes == null ? new HashMap<>() : new HashMap<>(e.attributes);
        c.markerId = e.markerId;
        c.partition = e.partition;
        c.partitions = e.partitions;
        c.timestamp = e.timestamp;
        c.segment = e.segment;
        c.segments = e.segments;
        c.blobId = e.blobId;
        c.quiltPatchId = e.quiltPatchId;
        c.objectId = e.objectId;
        c.endEpoch = e.endEpoch;
        c.ok = e.ok;
        c.problem = e.problem;
        c.encryption = EncryptionIo.copy(e.encryption);
        return c;
    }

    @Override
    public Class<VersionEvent> type() {
        return VersionEvent.class;
    }

    /** {@code @TypeInfo} factory. */
    public static final class Factory extends TypeInfoFactory<VersionEvent> {
        @Override
        public TypeInformation<VersionEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return new CodecTypeInfo<>(new VersionEventCodec());
        }
    }
}
