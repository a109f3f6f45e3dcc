package dev.walrusstream.sink;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.BlobId;

import java.util.List;
import java.util.Objects;

/**
 * One stored blob between the writer (which registered, uploaded and gathered a quorum of
 * confirmations before the checkpoint) and the committer (which certifies once the checkpoint
 * completed), and then the receipts. Immutable: every step returns a new committable.
 *
 * @param name       stable name for logs ({@code upload/segment} or {@code quilt:…})
 * @param blobId     the content address, or null when encoding failed before there was one
 * @param objectId   the blob object on chain, or null before registration / when not owned
 * @param startEpoch registration epoch, or −1 when unknown
 * @param endEpoch   end epoch, or −1 when unknown
 * @param status     {@code READY} with a certificate, or the final outcome
 * @param failure    phase and reason of an {@code ERROR}, else null
 * @param certificate the aggregate certificate of a {@code READY} committable, else may be null
 * @param parts      what gets a receipt, in order (copied; parts are never mutated after this)
 * @param encryption how the blob's bytes were encrypted in the sink, or null when they were not
 */
public record WalrusCommittable(String name, BlobId blobId, ObjectId objectId, boolean quilt, long size,
                                long encodedSize, boolean deletable, int startEpoch, int endEpoch, Status status,
                                Failure failure, StorageCertificate certificate, long certifiedAtMillis,
                                List<BlobPart> parts, Encryption encryption) {

    /** A committable of a blob stored in clear. */
    public WalrusCommittable(String name, BlobId blobId, ObjectId objectId, boolean quilt, long size, long encodedSize,
                             boolean deletable, int startEpoch, int endEpoch, Status status, Failure failure,
                             StorageCertificate certificate, long certifiedAtMillis, List<BlobPart> parts) {
        this(name, blobId, objectId, quilt, size, encodedSize, deletable, startEpoch, endEpoch, status, failure,
                certificate, certifiedAtMillis, parts, null);
    }

    /**
     * The envelope of an encrypted blob (docs/encryption.md): key ID, wrap algorithm, wrapped data key,
     * chunk size and the plaintext's length ({@link #size} is the envelope's).
     */
    public record Encryption(String keyId, int wrapAlgorithm, byte[] wrappedKey, int chunkSize, long plaintextSize) {
        public Encryption {
            Objects.requireNonNull(keyId, "keyId");
            wrappedKey = Objects.requireNonNull(wrappedKey, "wrappedKey").clone();
        }

        @Override
        public byte[] wrappedKey() {
            return wrappedKey.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Encryption e && e.keyId.equals(keyId) && e.wrapAlgorithm == wrapAlgorithm
                    && java.util.Arrays.equals(e.wrappedKey, wrappedKey) && e.chunkSize == chunkSize
                    && e.plaintextSize == plaintextSize;
        }

        @Override
        public int hashCode() {
            return keyId.hashCode() * 31 + java.util.Arrays.hashCode(wrappedKey);
        }
    }

    /** This committable with the encryption of its blob. */
    public WalrusCommittable withEncryption(Encryption encryption) {
        return new WalrusCommittable(name, blobId, objectId, quilt, size, encodedSize, deletable, startEpoch, endEpoch,
                status, failure, certificate, certifiedAtMillis, parts, encryption);
    }

    /** The outcome so far; {@link #code} is what checkpoints store, so constants may be reordered or added freely. */
    public enum Status {
        READY(1), NEWLY_CREATED(2), ALREADY_CERTIFIED(3), MARKED_INVALID(4), ERROR(5);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Status ofCode(int code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown committable status code " + code);
        }
    }

    /** Why a blob failed for good: the store phase ({@code encode}, {@code register}, …) and the reason. */
    public record Failure(String phase, String reason) {
        public Failure {
            Objects.requireNonNull(phase, "phase");
            reason = reason == null ? "" : reason;
        }
    }

    public WalrusCommittable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        if (status == Status.READY && (certificate == null || objectId == null || blobId == null)) {
            throw new IllegalArgumentException("committable " + name + " is READY without a blob ID, object or certificate");
        }
        if (status == Status.ERROR && failure == null) {
            throw new IllegalArgumentException("committable " + name + " is ERROR without phase and reason");
        }
        parts = List.copyOf(parts); // BlobPart is immutable
    }

    /** A blob whose certificate is in hand; the committer certifies it. */
    public static WalrusCommittable ready(BlobTask task, BlobId blobId, long encodedSize, boolean deletable,
                                          ObjectId object, int startEpoch, int endEpoch, StorageCertificate certificate) {
        return new WalrusCommittable(task.name, blobId, object, task.quilt, task.data.length, encodedSize, deletable,
                startEpoch, endEpoch, Status.READY, null, certificate, 0, task.parts);
    }

    /** A blob that failed for good in {@code phase}; its parts get ERROR receipts. */
    public static WalrusCommittable failed(BlobTask task, BlobId blobId, long encodedSize, boolean deletable,
                                           String phase, String reason) {
        return new WalrusCommittable(task.name, blobId, null, task.quilt, task.data.length, encodedSize, deletable,
                -1, -1, Status.ERROR, new Failure(phase, reason), null, System.currentTimeMillis(), task.parts);
    }

    /** This blob settled with {@code status} at {@code atMillis}, on {@code object} (null keeps the known one). */
    public WalrusCommittable settled(Status status, ObjectId object, int startEpoch, int endEpoch, Failure failure,
                                     long atMillis) {
        return new WalrusCommittable(name, blobId, object == null ? objectId : object, quilt, size, encodedSize,
                deletable, startEpoch, endEpoch, status, failure, certificate, atMillis, parts, encryption);
    }

    @Override
    public String toString() {
        return name + " " + (blobId == null ? "(no blob ID)" : blobId.base64Url()) + " " + status;
    }
}
