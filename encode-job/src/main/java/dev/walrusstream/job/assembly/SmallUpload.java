package dev.walrusstream.job.assembly;

import dev.walrusstream.sink.BlobPart;

/** A complete upload small enough to be packed into a quilt. Flink POJO. */
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
