package dev.walrusstream.sink;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import dev.walrusstream.sink.serde.BlobTaskCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * A blob the sink must store: its bytes (a segment of an upload, or a built QuiltV1 quilt) and the
 * parts that get a receipt once it is certified. Flink POJO.
 */
@TypeInfo(BlobTaskCodec.Factory.class)
public class BlobTask {
    /** Stable name for logs and metrics: {@code upload/segment} or {@code quilt:<first upload>+k}. */
    public String name;
    public boolean quilt;
    public byte[] data;
    public List<BlobPart> parts = new ArrayList<>();

    public BlobTask() {
    }

    public static BlobTask segment(BlobPart part, byte[] data) {
        BlobTask t = new BlobTask();
        t.name = part.uploadId() + "/" + part.segment();
        t.data = data;
        t.parts.add(part);
        return t;
    }

    public static BlobTask quilt(List<BlobPart> patches, byte[] quiltBytes) {
        BlobTask t = new BlobTask();
        t.quilt = true;
        t.name = "quilt:" + patches.get(0).uploadId() + "+" + (patches.size() - 1);
        t.data = quiltBytes;
        t.parts.addAll(patches);
        return t;
    }

    @Override
    public String toString() {
        return name + " (" + (data == null ? 0 : data.length) + " bytes, " + parts.size() + " part(s))";
    }
}
