package dev.walrusstream.job.assembly;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import dev.walrusstream.job.state.SmallUploadCodec;

import dev.walrusstream.sink.BlobPart;

/** A complete upload small enough to be packed into a quilt. Flink POJO. */
@TypeInfo(SmallUploadCodec.Factory.class)
public class SmallUpload {
    public BlobPart part;
    public byte[] data;

    public SmallUpload() {
    }

    public SmallUpload(BlobPart part, byte[] data) {
        this.part = part;
        this.data = data;
    }
}
