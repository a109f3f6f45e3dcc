package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

/** What the chain's write operations return (cost in FROST, 10⁻⁹ WAL). */
public final class Results {
    private Results() {
    }

    /** {@code reserve_space}: the new storage resource and its price. */
    public record Reservation(StorageResource storage, long cost, String txDigest) {
    }

    /** {@code register_blob} (with or without a fresh reservation): the blob object, the WAL paid and the event. */
    public record Registration(BlobObject blob, long cost, EventId event) {
    }

    /** {@code certify_blob}: the blob object, now certified, and the {@code BlobCertified} event. */
    public record Certification(BlobObject blob, EventId event) {
    }

    /** {@code certify_blob} on several blob objects in one transaction: one per call, in order, and the digest. */
    public record Certifications(java.util.List<Certification> certifications, String txDigest) {
        public Certifications {
            certifications = java.util.List.copyOf(certifications);
        }
    }

    /** {@code delete_blob}: the storage resource given back and the {@code BlobDeleted} event. */
    public record Deletion(ObjectId blobObjectId, StorageResource storage, EventId event) {
    }

    /** {@code extend_blob}: the blob object with its new end epoch, the WAL paid and the event. */
    public record Extension(BlobObject blob, long cost, EventId event) {
    }

    /**
     * {@code extend_blob} on several blob objects in one transaction: one {@link Extension} per
     * object, in the order asked (each with its own {@code BlobCertified} event), the total paid and
     * the transaction's digest.
     */
    public record Extensions(java.util.List<Extension> extensions, long cost, String txDigest) {
        public Extensions {
            extensions = java.util.List.copyOf(extensions);
        }
    }
}
