package dev.walrusstream.job.manifest;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Explicit, versioned state serializer of {@link VersionStatus} (format 1). */
public final class VersionStatusSerializer extends StateFormat<VersionStatus> {
    private static final long serialVersionUID = 1L;
    public static final VersionStatusSerializer INSTANCE = new VersionStatusSerializer();

    @Override
    int format() {
        return 1;
    }

    @Override
    String what() {
        return "dataset version status";
    }

    @Override
    public VersionStatus createInstance() {
        return VersionStatus.NEW;
    }

    @Override
    void write(VersionStatus s, DataOutputView out) throws IOException {
        out.writeLong(s.sealedAt());
        out.writeInt(s.unsettled());
        out.writeBoolean(s.closed());
        out.writeBoolean(s.dirty());
        out.writeLong(s.timer());
        out.writeLong(s.lateFiles());
    }

    @Override
    VersionStatus read(int format, DataInputView in) throws IOException {
        return new VersionStatus(in.readLong(), in.readInt(), in.readBoolean(), in.readBoolean(), in.readLong(),
                in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<VersionStatus> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot (the format byte in every value carries the data version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<VersionStatus> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
