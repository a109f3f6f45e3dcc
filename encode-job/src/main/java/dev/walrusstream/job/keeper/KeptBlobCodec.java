package dev.walrusstream.job.keeper;

import dev.walrusstream.sink.serde.StateCodec;
import dev.walrusstream.sink.serde.StateIo;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Version 1 of {@link KeptBlob} in the job keeper's map state. */
public final class KeptBlobCodec implements StateCodec<KeptBlob> {
    private static final long serialVersionUID = 1L;

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(KeptBlob k, DataOutput out) throws IOException {
        StateIo.writeString(out, k.objectId);
        out.writeInt(k.endEpoch);
        out.writeInt(k.refs.size());
        for (KeptBlob.Ref r : k.refs) {
            StateIo.writeString(out, r.datasetVersion());
            StateIo.writeString(out, r.uploadId());
            out.writeInt(r.segment());
        }
    }

    @Override
    public KeptBlob read(int version, DataInput in) throws IOException {
        String objectId = StateIo.readString(in, "kept.objectId");
        if (objectId == null) {
            throw new IOException("corrupt kept blob: no object ID");
        }
        int endEpoch = in.readInt();
        int n = StateIo.readCount(in, "kept.refs", KeptBlob.MAX_REFS);
        List<KeptBlob.Ref> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String version1 = StateIo.readString(in, "kept.ref.datasetVersion");
            String upload = StateIo.readString(in, "kept.ref.uploadId");
            if (version1 == null || upload == null) {
                throw new IOException("corrupt kept blob " + objectId + ": segment " + i + " lacks its version or upload");
            }
            refs.add(new KeptBlob.Ref(version1, upload, in.readInt()));
        }
        return new KeptBlob(objectId, endEpoch, refs);
    }

    @Override
    public KeptBlob copy(KeptBlob k) {
        return new KeptBlob(k.objectId, k.endEpoch, k.refs);
    }

    @Override
    public Class<KeptBlob> type() {
        return KeptBlob.class;
    }
}
