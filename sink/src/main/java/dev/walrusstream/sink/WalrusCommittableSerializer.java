package dev.walrusstream.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Binary form of {@link WalrusCommittable} in checkpoints. Version 2 appends the encryption fields;
 * version 1 (no encryption) is still read.
 */
public final class WalrusCommittableSerializer implements SimpleVersionedSerializer<WalrusCommittable> {
    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(WalrusCommittable c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        string(out, c.name);
        string(out, c.blobId);
        string(out, c.objectId);
        out.writeBoolean(c.quilt);
        out.writeLong(c.size);
        out.writeLong(c.encodedSize);
        out.writeBoolean(c.deletable);
        out.writeInt(c.startEpoch);
        out.writeInt(c.endEpoch);
        out.writeInt(c.status.ordinal());
        string(out, c.errorPhase);
        string(out, c.errorReason);
        bytes(out, c.signature);
        bytes(out, c.signersBitmap);
        bytes(out, c.message);
        out.writeLong(c.certifiedAtMillis);
        out.writeInt(c.parts.size());
        for (BlobPart p : c.parts) {
            part(out, p);
        }
        string(out, c.encryptionKeyId);
        out.writeInt(c.encryptionWrapAlgorithm);
        bytes(out, c.encryptionWrappedKey);
        out.writeInt(c.encryptionChunkSize);
        out.writeLong(c.plaintextSize);
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public WalrusCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 && version != VERSION) {
            throw new IOException("unknown Walrus committable version " + version + " (this build reads " + VERSION + ")");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        WalrusCommittable c = new WalrusCommittable();
        c.name = string(in);
        c.blobId = string(in);
        c.objectId = string(in);
        c.quilt = in.readBoolean();
        c.size = in.readLong();
        c.encodedSize = in.readLong();
        c.deletable = in.readBoolean();
        c.startEpoch = in.readInt();
        c.endEpoch = in.readInt();
        c.status = WalrusCommittable.Status.values()[in.readInt()];
        c.errorPhase = string(in);
        c.errorReason = string(in);
        c.signature = bytes(in);
        c.signersBitmap = bytes(in);
        c.message = bytes(in);
        c.certifiedAtMillis = in.readLong();
        int parts = in.readInt();
        for (int i = 0; i < parts; i++) {
            c.parts.add(part(in));
        }
        if (version >= 2) {
            c.encryptionKeyId = string(in);
            c.encryptionWrapAlgorithm = in.readInt();
            c.encryptionWrappedKey = bytes(in);
            c.encryptionChunkSize = in.readInt();
            c.plaintextSize = in.readLong();
        }
        return c;
    }

    private static void part(DataOutputStream out, BlobPart p) throws IOException {
        string(out, p.uploadId);
        out.writeInt(p.segment);
        out.writeInt(p.segments);
        string(out, p.sourceName);
        string(out, p.contentType);
        string(out, p.dataset);
        string(out, p.datasetVersion);
        out.writeInt(p.attributes.size());
        for (Map.Entry<String, String> e : p.attributes.entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
        string(out, p.identifier);
        out.writeInt(p.startColumn);
        out.writeInt(p.endColumn);
        out.writeLong(p.size);
        bytes(out, p.sha256);
        string(out, p.topic);
        out.writeInt(p.partition);
        out.writeLong(p.firstOffset);
        out.writeLong(p.lastOffset);
    }

    private static BlobPart part(DataInputStream in) throws IOException {
        BlobPart p = new BlobPart();
        p.uploadId = string(in);
        p.segment = in.readInt();
        p.segments = in.readInt();
        p.sourceName = string(in);
        p.contentType = string(in);
        p.dataset = string(in);
        p.datasetVersion = string(in);
        int attributes = in.readInt();
        p.attributes = new HashMap<>();
        for (int i = 0; i < attributes; i++) {
            p.attributes.put(string(in), string(in));
        }
        p.identifier = string(in);
        p.startColumn = in.readInt();
        p.endColumn = in.readInt();
        p.size = in.readLong();
        p.sha256 = bytes(in);
        p.topic = string(in);
        p.partition = in.readInt();
        p.firstOffset = in.readLong();
        p.lastOffset = in.readLong();
        return p;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
