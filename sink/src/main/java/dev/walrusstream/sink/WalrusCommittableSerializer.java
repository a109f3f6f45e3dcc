package dev.walrusstream.sink;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.sink.serde.BlobPartCodec;
import dev.walrusstream.sink.serde.StateIo;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of {@link WalrusCommittable} in checkpoints.
 * <ul>
 *   <li>Version 3 (written): version 2 followed by the encryption of the blob (a presence flag, then
 *       key ID, wrap algorithm, wrapped key, chunk size, plaintext size).</li>
 *   <li>Version 2 (read): strings and byte arrays length-prefixed (no 64 KiB limit), the status
 *       by its stable {@link WalrusCommittable.Status#code}, typed IDs as their raw 32 bytes.</li>
 *   <li>Version 1 (read only, checkpoints of earlier builds): {@code writeUTF} strings, the status by
 *       the ordinal of the enum as it was then.</li>
 * </ul>
 */
public final class WalrusCommittableSerializer implements SimpleVersionedSerializer<WalrusCommittable> {
    static final int VERSION = 3;
    /** The status order of version 1, which wrote {@code Status.ordinal()}. Never change. */
    private static final WalrusCommittable.Status[] V1_STATUS = {
            WalrusCommittable.Status.READY, WalrusCommittable.Status.NEWLY_CREATED,
            WalrusCommittable.Status.ALREADY_CERTIFIED, WalrusCommittable.Status.MARKED_INVALID,
            WalrusCommittable.Status.ERROR};

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(WalrusCommittable c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        DataOutputStream out = new DataOutputStream(bytes);
        StateIo.writeString(out, c.name());
        StateIo.writeBytes(out, c.blobId() == null ? null : c.blobId().bytes());
        StateIo.writeBytes(out, c.objectId() == null ? null : c.objectId().bytes());
        out.writeBoolean(c.quilt());
        out.writeLong(c.size());
        out.writeLong(c.encodedSize());
        out.writeBoolean(c.deletable());
        out.writeInt(c.startEpoch());
        out.writeInt(c.endEpoch());
        out.writeInt(c.status().code());
        out.writeBoolean(c.failure() != null);
        if (c.failure() != null) {
            StateIo.writeString(out, c.failure().phase());
            StateIo.writeString(out, c.failure().reason());
        }
        out.writeBoolean(c.certificate() != null);
        if (c.certificate() != null) {
            StateIo.writeBytes(out, c.certificate().signature());
            StateIo.writeBytes(out, c.certificate().signersBitmap());
            StateIo.writeBytes(out, c.certificate().message());
        }
        out.writeLong(c.certifiedAtMillis());
        List<BlobPart> parts = c.parts();
        out.writeInt(parts.size());
        for (BlobPart p : parts) {
            BlobPartCodec.write(p, out);
        }
        WalrusCommittable.Encryption e = c.encryption();
        out.writeBoolean(e != null);
        if (e != null) {
            StateIo.writeString(out, e.keyId());
            out.writeInt(e.wrapAlgorithm());
            StateIo.writeBytes(out, e.wrappedKey());
            out.writeInt(e.chunkSize());
            out.writeLong(e.plaintextSize());
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public WalrusCommittable deserialize(int version, byte[] serialized) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        try {
            return switch (version) {
                case 1 -> readV1(in);
                case 2 -> readV2(in);
                case 3 -> readV3(in);
                default -> throw new IOException("unknown Walrus committable version " + version + " (this build reads 1, 2 "
                        + "and " + VERSION + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt Walrus committable (version " + version + ", " + serialized.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    private static WalrusCommittable readV3(DataInputStream in) throws IOException {
        WalrusCommittable c = readV2(in);
        if (!in.readBoolean()) {
            return c;
        }
        return c.withEncryption(new WalrusCommittable.Encryption(StateIo.readString(in, "encryption.keyId"),
                in.readInt(), StateIo.readBytes(in, "encryption.wrappedKey"), in.readInt(), in.readLong()));
    }

    private static WalrusCommittable readV2(DataInputStream in) throws IOException {
        String name = StateIo.readString(in, "name");
        byte[] blobId = StateIo.readBytes(in, "blobId");
        byte[] objectId = StateIo.readBytes(in, "objectId");
        boolean quilt = in.readBoolean();
        long size = in.readLong();
        long encodedSize = in.readLong();
        boolean deletable = in.readBoolean();
        int startEpoch = in.readInt();
        int endEpoch = in.readInt();
        WalrusCommittable.Status status = WalrusCommittable.Status.ofCode(in.readInt());
        WalrusCommittable.Failure failure = in.readBoolean()
                ? new WalrusCommittable.Failure(StateIo.readString(in, "failure.phase"), StateIo.readString(in, "failure.reason"))
                : null;
        StorageCertificate certificate = in.readBoolean()
                ? new StorageCertificate(StateIo.readBytes(in, "signature"), StateIo.readBytes(in, "signersBitmap"),
                StateIo.readBytes(in, "message"))
                : null;
        long certifiedAt = in.readLong();
        List<BlobPart> parts = parts(in, BlobPartCodec::read);
        return new WalrusCommittable(name, blobId == null ? null : BlobId.of(blobId),
                objectId == null ? null : ObjectId.of(objectId), quilt, size, encodedSize, deletable, startEpoch, endEpoch,
                status, failure, certificate, certifiedAt, parts);
    }

    private static WalrusCommittable readV1(DataInputStream in) throws IOException {
        String name = utf(in);
        String blobId = utf(in);
        String objectId = utf(in);
        boolean quilt = in.readBoolean();
        long size = in.readLong();
        long encodedSize = in.readLong();
        boolean deletable = in.readBoolean();
        int startEpoch = in.readInt();
        int endEpoch = in.readInt();
        int ordinal = in.readInt();
        if (ordinal < 0 || ordinal >= V1_STATUS.length) {
            throw new IOException("version 1 committable " + name + " has status ordinal " + ordinal + " (0.." + (V1_STATUS.length - 1) + ")");
        }
        WalrusCommittable.Status status = V1_STATUS[ordinal];
        String errorPhase = utf(in);
        String errorReason = utf(in);
        byte[] signature = bytesV1(in);
        byte[] bitmap = bytesV1(in);
        byte[] message = bytesV1(in);
        long certifiedAt = in.readLong();
        List<BlobPart> parts = parts(in, WalrusCommittableSerializer::partV1);
        WalrusCommittable.Failure failure = status == WalrusCommittable.Status.ERROR || errorPhase != null
                ? new WalrusCommittable.Failure(errorPhase == null ? "unknown" : errorPhase, errorReason) : null;
        StorageCertificate certificate = signature == null || bitmap == null || message == null ? null
                : new StorageCertificate(signature, bitmap, message);
        return new WalrusCommittable(name, blobId == null ? null : BlobId.parse(blobId),
                objectId == null ? null : ObjectId.parse(objectId), quilt, size, encodedSize, deletable, startEpoch, endEpoch,
                status, failure, certificate, certifiedAt, parts);
    }

    private interface PartReader {
        BlobPart read(DataInputStream in) throws IOException;
    }

    private static List<BlobPart> parts(DataInputStream in, PartReader reader) throws IOException {
        int n = StateIo.readCount(in, "parts", 1 << 20);
        List<BlobPart> parts = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            parts.add(reader.read(in));
        }
        return parts;
    }

    private static BlobPart partV1(DataInputStream in) throws IOException {
        BlobPart.Builder b = BlobPart.builder()
                .uploadId(utf(in))
                .segment(in.readInt())
                .segments(in.readInt())
                .sourceName(utf(in))
                .contentType(utf(in))
                .dataset(utf(in))
                .datasetVersion(utf(in));
        int attributes = StateIo.readCount(in, "attributes", 1 << 20);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < attributes; i++) {
            map.put(utf(in), utf(in));
        }
        b.attributes(map).identifier(utf(in));
        int start = in.readInt();
        b.columns(start, in.readInt()).size(in.readLong()).sha256(bytesV1(in));
        String topic = utf(in);
        int partition = in.readInt();
        long first = in.readLong();
        b.source(topic, partition, first, in.readLong());
        return BlobPartCodec.build(b);
    }

    private static String utf(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static byte[] bytesV1(DataInputStream in) throws IOException {
        return StateIo.readBytes(in, "bytes");
    }
}
