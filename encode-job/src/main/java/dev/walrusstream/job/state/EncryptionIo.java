package dev.walrusstream.job.state;

import dev.walrusstream.schemas.Encryption;
import dev.walrusstream.sink.serde.StateIo;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A segment's {@link Encryption} (or none) in the job's state codecs: a presence flag, then every field. */
public final class EncryptionIo {
    private EncryptionIo() {
    }

    public static void write(DataOutput out, Encryption e) throws IOException {
        out.writeBoolean(e != null);
        if (e == null) {
            return;
        }
        out.writeInt(e.getFormat());
        StateIo.writeString(out, e.getKeyId());
        out.writeInt(e.getWrapAlgorithm());
        StateIo.writeBytes(out, bytes(e.getWrappedKey()));
        out.writeInt(e.getChunkSize());
        out.writeLong(e.getPlaintextSize());
    }

    public static Encryption read(DataInput in, String field) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int format = in.readInt();
        String keyId = StateIo.readString(in, field + ".keyId");
        int wrap = in.readInt();
        byte[] wrapped = StateIo.readBytes(in, field + ".wrappedKey");
        if (keyId == null || wrapped == null) {
            throw new IOException("corrupt " + field + ": an encryption without " + (keyId == null ? "key ID" : "wrapped key"));
        }
        return Encryption.newBuilder().setFormat(format).setKeyId(keyId).setWrapAlgorithm(wrap)
                .setWrappedKey(ByteBuffer.wrap(wrapped)).setChunkSize(in.readInt()).setPlaintextSize(in.readLong()).build();
    }

    public static Encryption copy(Encryption e) {
        return e == null ? null : Encryption.newBuilder(e).setWrappedKey(ByteBuffer.wrap(bytes(e.getWrappedKey())))
                .build();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        d.rewind();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
