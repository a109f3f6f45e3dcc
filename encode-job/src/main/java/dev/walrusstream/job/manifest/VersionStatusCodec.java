package dev.walrusstream.job.manifest;

import dev.walrusstream.sink.serde.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Version 1 of {@link VersionStatus}, the manifest builder's per-version status. */
public final class VersionStatusCodec implements StateCodec<VersionStatus> {
    private static final long serialVersionUID = 1L;

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(VersionStatus s, DataOutput out) throws IOException {
        out.writeLong(s.sealedAt());
        out.writeInt(s.unsettled());
        out.writeBoolean(s.closed());
        out.writeBoolean(s.dirty());
        out.writeLong(s.timer());
        out.writeLong(s.lateFiles());
    }

    @Override
    public VersionStatus read(int version, DataInput in) throws IOException {
        return new VersionStatus(in.readLong(), in.readInt(), in.readBoolean(), in.readBoolean(), in.readLong(),
                in.readLong());
    }

    @Override
    public VersionStatus copy(VersionStatus s) {
        return s;
    }

    @Override
    public Class<VersionStatus> type() {
        return VersionStatus.class;
    }
}
