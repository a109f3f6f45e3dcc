package dev.walrusstream.client;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.BlobId;

import java.util.List;

/**
 * The first half of a store ({@link StorageClient#prepare}): registered, uploaded and confirmed by a
 * quorum, with the certificate in hand ({@link Ready}), or already settled without certifying
 * ({@link Done}: already certified, marked invalid, or failed). {@link StorageClient#certify}
 * finishes a {@link Ready} blob. The pipeline's sink prepares before a checkpoint and certifies once
 * it completes.
 */
public sealed interface Prepared {
    BlobId blobId();

    /** Certificate in hand; certifying is all that is left. */
    record Ready(BlobObject object, StorageCertificate certificate, RegisterOp operation, long cost,
                 List<String> confirmedBy, List<String> failedNodes) implements Prepared {
        public Ready {
            confirmedBy = List.copyOf(confirmedBy);
            failedNodes = List.copyOf(failedNodes);
        }

        @Override
        public BlobId blobId() {
            return object.blobId();
        }
    }

    /** Nothing to certify: the store's outcome is already known. */
    record Done(StoreResult result) implements Prepared {
        @Override
        public BlobId blobId() {
            return result.blobId();
        }
    }
}
