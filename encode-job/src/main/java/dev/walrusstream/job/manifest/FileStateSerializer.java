package dev.walrusstream.job.manifest;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Map;

/** Explicit, versioned state serializer of {@link FileState} (format 1). */
public final class FileStateSerializer extends StateFormat<FileState> {
    private static final long serialVersionUID = 1L;
    public static final FileStateSerializer INSTANCE = new FileStateSerializer();

    @Override
    int format() {
        return 1;
    }

    @Override
    String what() {
        return "manifest file state";
    }

    @Override
    public FileState createInstance() {
        return new FileState("");
    }

    @Override
    void write(FileState f, DataOutputView out) throws IOException {
        string(out, f.uploadId);
        out.writeBoolean(f.declared);
        string(out, f.path);
        out.writeLong(f.declaredSize);
        bytes(out, f.sha256);
        string(out, f.contentType);
        out.writeInt(f.attributes.size());
        for (Map.Entry<String, String> e : f.attributes.entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
        out.writeBoolean(f.inClose);
        string(out, f.failed);
        out.writeInt(f.segmentCount);
        out.writeInt(f.segments.size());
        for (FileState.Segment s : f.segments.values()) {
            out.writeInt(s.index());
            out.writeLong(s.size());
            bytes(out, s.sha256());
            string(out, s.blobId());
            string(out, s.quiltPatchId());
            string(out, s.objectId());
            out.writeInt(s.endEpoch());
        }
    }

    @Override
    FileState read(int format, DataInputView in) throws IOException {
        FileState f = new FileState(string(in));
        f.declared = in.readBoolean();
        f.path = string(in);
        f.declaredSize = in.readLong();
        f.sha256 = bytes(in);
        f.contentType = string(in);
        int attributes = in.readInt();
        for (int i = 0; i < attributes; i++) {
            f.attributes.put(string(in), string(in));
        }
        f.inClose = in.readBoolean();
        f.failed = string(in);
        f.segmentCount = in.readInt();
        int segments = in.readInt();
        for (int i = 0; i < segments; i++) {
            FileState.Segment s = new FileState.Segment(in.readInt(), in.readLong(), bytes(in), string(in),
                    string(in), string(in), in.readInt());
            f.segments.put(s.index(), s);
        }
        return f;
    }

    @Override
    public TypeSerializerSnapshot<FileState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot (the format byte in every value carries the data version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FileState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
