package dev.walrusstream.job.manifest;

import dev.walrusstream.sink.serde.StateCodec;
import dev.walrusstream.sink.serde.StateIo;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link FileState}: one upload of a dataset version in the manifest builder's map state. Version 2
 * adds each segment's encryption after its end epoch (version 1 state reads with none).
 */
public final class FileStateCodec implements StateCodec<FileState> {
    private static final long serialVersionUID = 1L;
    /** More segments than a 64 GiB upload at 1-byte segments could never be; guards corrupt counts. */
    private static final int MAX_SEGMENTS = 1 << 24;

    @Override
    public int version() {
        return 2;
    }

    @Override
    public boolean readsVersion(int version) {
        return version == 1 || version == 2;
    }

    @Override
    public void write(FileState f, DataOutput out) throws IOException {
        StateIo.writeString(out, f.uploadId);
        out.writeBoolean(f.declared);
        StateIo.writeString(out, f.path);
        out.writeLong(f.declaredSize);
        StateIo.writeBytes(out, f.sha256);
        StateIo.writeString(out, f.contentType);
        StateIo.writeStringMap(out, f.attributes);
        out.writeBoolean(f.inClose);
        StateIo.writeString(out, f.failed);
        out.writeInt(f.segmentCount);
        out.writeInt(f.segments.size());
        for (FileState.Segment s : f.segments.values()) {
            out.writeInt(s.index());
            out.writeLong(s.size());
            StateIo.writeBytes(out, s.sha256());
            StateIo.writeString(out, s.blobId());
            StateIo.writeString(out, s.quiltPatchId());
            StateIo.writeString(out, s.objectId());
            out.writeInt(s.endEpoch());
            dev.walrusstream.job.state.EncryptionIo.write(out, s.encryption());
        }
    }

    @Override
    public FileState read(int version, DataInput in) throws IOException {
        FileState f = new FileState(StateIo.readString(in, "file.uploadId"));
        f.declared = in.readBoolean();
        f.path = StateIo.readString(in, "file.path");
        f.declaredSize = in.readLong();
        f.sha256 = StateIo.readBytes(in, "file.sha256");
        f.contentType = StateIo.readString(in, "file.contentType");
        Map<String, String> attributes = StateIo.readStringMap(in, "file.attributes");
        f.attributes = attributes == null ? new TreeMap<>() : new TreeMap<>(attributes);
        f.inClose = in.readBoolean();
        f.failed = StateIo.readString(in, "file.failed");
        f.segmentCount = in.readInt();
        int n = StateIo.readCount(in, "file.segments", MAX_SEGMENTS);
        for (int i = 0; i < n; i++) {
            FileState.Segment s = new FileState.Segment(in.readInt(), in.readLong(),
                    StateIo.readBytes(in, "segment.sha256"), StateIo.readString(in, "segment.blobId"),
                    StateIo.readString(in, "segment.quiltPatchId"), StateIo.readString(in, "segment.objectId"),
                    in.readInt(), version >= 2 ? dev.walrusstream.job.state.EncryptionIo.read(in, "segment.encryption")
                    : null);
            f.segments.put(s.index(), s);
        }
        return f;
    }

    @Override
    public FileState copy(FileState f) {
        FileState c = new FileState(f.uploadId);
        c.declared = f.declared;
        c.path = f.path;
        c.declaredSize = f.declaredSize;
        c.sha256 = f.sha256 == null ? null : f.sha256.clone();
        c.contentType = f.contentType;
        c.attributes = new TreeMap<>(f.attributes);
        c.inClose = f.inClose;
        c.failed = f.failed;
        c.segmentCount = f.segmentCount;
        c.segments.putAll(f.segments);
        return c;
    }

    @Override
    public Class<FileState> type() {
        return FileState.class;
    }
}
