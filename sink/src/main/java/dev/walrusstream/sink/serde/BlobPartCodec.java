package dev.walrusstream.sink.serde;

import dev.walrusstream.sink.BlobPart;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import static dev.walrusstream.sink.serde.StateIo.readBytes;
import static dev.walrusstream.sink.serde.StateIo.readString;
import static dev.walrusstream.sink.serde.StateIo.readStringMap;
import static dev.walrusstream.sink.serde.StateIo.writeBytes;
import static dev.walrusstream.sink.serde.StateIo.writeString;
import static dev.walrusstream.sink.serde.StateIo.writeStringMap;

/**
 * The binary form of a {@link BlobPart} inside committables, blob tasks and small uploads (it has no
 * version of its own: the enclosing format's version covers it). Every field, in declaration order.
 * A part that does not validate is an {@link IOException} naming it.
 */
public final class BlobPartCodec {
    private BlobPartCodec() {
    }

    public static void write(BlobPart p, DataOutput out) throws IOException {
        writeString(out, p.uploadId());
        out.writeInt(p.segment());
        out.writeInt(p.segments());
        writeString(out, p.sourceName());
        writeString(out, p.contentType());
        writeString(out, p.dataset());
        writeString(out, p.datasetVersion());
        writeStringMap(out, p.attributes());
        writeString(out, p.identifier());
        out.writeInt(p.startColumn());
        out.writeInt(p.endColumn());
        out.writeLong(p.size());
        writeBytes(out, p.sha256());
        writeString(out, p.topic());
        out.writeInt(p.partition());
        out.writeLong(p.firstOffset());
        out.writeLong(p.lastOffset());
    }

    public static BlobPart read(DataInput in) throws IOException {
        BlobPart.Builder b = BlobPart.builder()
                .uploadId(readString(in, "part.uploadId"))
                .segment(in.readInt())
                .segments(in.readInt())
                .sourceName(readString(in, "part.sourceName"))
                .contentType(readString(in, "part.contentType"))
                .dataset(readString(in, "part.dataset"))
                .datasetVersion(readString(in, "part.datasetVersion"))
                .attributes(readStringMap(in, "part.attributes"))
                .identifier(readString(in, "part.identifier"));
        int start = in.readInt();
        int end = in.readInt();
        b.columns(start, end).size(in.readLong()).sha256(readBytes(in, "part.sha256"));
        String topic = readString(in, "part.topic");
        int partition = in.readInt();
        long first = in.readLong();
        b.source(topic, partition, first, in.readLong());
        return build(b);
    }

    /** Builds a part read from state, turning a validation failure into an {@link IOException}. */
    public static BlobPart build(BlobPart.Builder b) throws IOException {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IOException("the state holds an invalid " + e.getMessage(), e);
        }
    }
}
