package dev.walrusstream.sink.serde;

import dev.walrusstream.sink.BlobPart;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static dev.walrusstream.sink.serde.StateIo.readBytes;
import static dev.walrusstream.sink.serde.StateIo.readString;
import static dev.walrusstream.sink.serde.StateIo.readStringMap;
import static dev.walrusstream.sink.serde.StateIo.writeBytes;
import static dev.walrusstream.sink.serde.StateIo.writeString;
import static dev.walrusstream.sink.serde.StateIo.writeStringMap;

/**
 * The binary form of a {@link BlobPart} inside committables, blob tasks and small uploads (it has no
 * version of its own: the enclosing format's version covers it). Every field, in declaration order.
 */
public final class BlobPartCodec {
    private BlobPartCodec() {
    }

    public static void write(BlobPart p, DataOutput out) throws IOException {
        writeString(out, p.uploadId);
        out.writeInt(p.segment);
        out.writeInt(p.segments);
        writeString(out, p.sourceName);
        writeString(out, p.contentType);
        writeString(out, p.dataset);
        writeString(out, p.datasetVersion);
        writeStringMap(out, p.attributes);
        writeString(out, p.identifier);
        out.writeInt(p.startColumn);
        out.writeInt(p.endColumn);
        out.writeLong(p.size);
        writeBytes(out, p.sha256);
        writeString(out, p.topic);
        out.writeInt(p.partition);
        out.writeLong(p.firstOffset);
        out.writeLong(p.lastOffset);
    }

    public static BlobPart read(DataInput in) throws IOException {
        BlobPart p = new BlobPart();
        p.uploadId = readString(in, "part.uploadId");
        p.segment = in.readInt();
        p.segments = in.readInt();
        p.sourceName = readString(in, "part.sourceName");
        p.contentType = readString(in, "part.contentType");
        p.dataset = readString(in, "part.dataset");
        p.datasetVersion = readString(in, "part.datasetVersion");
        Map<String, String> attributes = readStringMap(in, "part.attributes");
        p.attributes = attributes == null ? new HashMap<>() : new HashMap<>(attributes);
        p.identifier = readString(in, "part.identifier");
        p.startColumn = in.readInt();
        p.endColumn = in.readInt();
        p.size = in.readLong();
        p.sha256 = readBytes(in, "part.sha256");
        p.topic = readString(in, "part.topic");
        p.partition = in.readInt();
        p.firstOffset = in.readLong();
        p.lastOffset = in.readLong();
        return p;
    }
}
