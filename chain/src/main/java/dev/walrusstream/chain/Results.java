package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

/**
 * What the chain's write operations return (cost in FROST, 10⁻⁹ WAL). Every result also carries the
 * gas its transaction paid ({@link Paid#gasUsed}).
 */
public final class Results {
    private Results() {
    }

    /**
     * A write that paid gas: {@code gasUsed} is the SUI, in MIST (10⁻⁹ SUI), the sender paid for the
     * transaction: computation + storage − storage rebate, as Sui's effects report it (SuiChain reads
     * the effects; LocalChain charges the same schedule as the local Sui ledger, see the devnet's
     * {@code LedgerGas}). It may be negative when a rebate exceeds the charge.
     */
    public sealed interface Paid permits Reservation, Registration, Registrations, Certification, Certifications, Deletion, Extension, Extensions {
        long gasUsed();

        /** The gas of one transaction that made several writes: the sum its parts report. */
        static long gasUsedBy(java.util.List<? extends Paid> parts) {
            return parts.stream().mapToLong(Paid::gasUsed).sum();
        }
    }

    /** {@code reserve_space}: the new storage resource and its price. */
    public record Reservation(StorageResource storage, long cost, String txDigest, long gasUsed) implements Paid {
    }

    /** {@code register_blob} (with or without a fresh reservation): the blob object, the WAL paid and the event. */
    public record Registration(BlobObject blob, long cost, EventId event, long gasUsed) implements Paid {
    }

    /**
     * {@code reserve_space} + {@code register_blob} for several blobs in one transaction: one
     * {@link Registration} per call, in the order asked (each with its own {@code BlobRegistered}
     * event), the WAL paid in all and the transaction's digest.
     */
    public record Registrations(java.util.List<Registration> registrations, long cost, String txDigest) implements Paid {
        public Registrations {
            registrations = java.util.List.copyOf(registrations);
        }

        /** The gas of the one transaction: the sum its registrations report. */
        @Override
        public long gasUsed() {
            return Paid.gasUsedBy(registrations);
        }
    }

    /** {@code certify_blob}: the blob object, now certified, and the {@code BlobCertified} event. */
    public record Certification(BlobObject blob, EventId event, long gasUsed) implements Paid {
    }

    /** {@code certify_blob} on several blob objects in one transaction: one per call, in order, and the digest. */
    public record Certifications(java.util.List<Certification> certifications, String txDigest) implements Paid {
        public Certifications {
            certifications = java.util.List.copyOf(certifications);
        }

        /** The gas of the one transaction: the sum its certifications report. */
        @Override
        public long gasUsed() {
            return Paid.gasUsedBy(certifications);
        }
    }

    /** {@code delete_blob}: the storage resource given back and the {@code BlobDeleted} event. */
    public record Deletion(ObjectId blobObjectId, StorageResource storage, EventId event, long gasUsed) implements Paid {
    }

    /** {@code extend_blob}: the blob object with its new end epoch, the WAL paid and the event. */
    public record Extension(BlobObject blob, long cost, EventId event, long gasUsed) implements Paid {
    }

    /**
     * {@code extend_blob} on several blob objects in one transaction: one {@link Extension} per
     * object, in the order asked (each with its own {@code BlobCertified} event), the total paid and
     * the transaction's digest.
     */
    public record Extensions(java.util.List<Extension> extensions, long cost, String txDigest) implements Paid {
        public Extensions {
            extensions = java.util.List.copyOf(extensions);
        }

        /** The gas of the one transaction: the sum its extensions report. */
        @Override
        public long gasUsed() {
            return Paid.gasUsedBy(extensions);
        }
    }
}
