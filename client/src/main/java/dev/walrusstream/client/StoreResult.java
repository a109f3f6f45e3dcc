package dev.walrusstream.client;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.codec.BlobId;

import java.util.List;

/**
 * The outcome of a store, mirroring the Walrus CLI's {@code BlobStoreResult}: newly created,
 * already certified (nothing paid), marked invalid, or failed in a named phase.
 */
public sealed interface StoreResult {
    /** The blob ID, or null when encoding failed before there was one. */
    BlobId blobId();

    default boolean isStored() {
        return this instanceof NewlyCreated || this instanceof AlreadyCertified;
    }

    /**
     * The blob was certified by this store. {@code confirmedBy} names the nodes whose signatures
     * formed the certificate; {@code failedNodes} those that did not confirm, with the reason.
     */
    record NewlyCreated(BlobObject blobObject, RegisterOp resourceOperation, long cost, EventId certifiedEvent,
                        List<String> confirmedBy, List<String> failedNodes) implements StoreResult {
        @Override
        public BlobId blobId() {
            return blobObject.blobId();
        }
    }

    /**
     * The blob was already certified until at least the requested epoch: by {@code event} (any
     * owner), or, for deletable blobs, by this account's blob object {@code object}.
     */
    record AlreadyCertified(BlobId blobId, EventId event, ObjectId object, int endEpoch) implements StoreResult {
    }

    /** The system marked the blob ID invalid (its encoding is inconsistent). */
    record MarkedInvalid(BlobId blobId, EventId event) implements StoreResult {
    }

    /**
     * The store failed in {@code phase} for {@code message}; whatever was paid stays registered and
     * reusable. {@code rule} is the chain rule that refused it, or null when no rule did (nodes
     * without a quorum, the chain unreachable, the blob not encodable), so callers can tell a
     * refusal that will not pass by itself (no WAL, no gas) from one that may.
     */
    record Failed(BlobId blobId, Phase phase, String message, Rule rule) implements StoreResult {
        public Failed(BlobId blobId, Phase phase, String message) {
            this(blobId, phase, message, null);
        }

        /** The failure of {@code phase} caused by {@code e}, with its rule when a rule refused it. */
        public static Failed of(BlobId blobId, Phase phase, String prefix, ChainException e) {
            return new Failed(blobId, phase, prefix + e.getMessage(),
                    e instanceof ChainException.RuleViolation v ? v.rule() : null);
        }
    }
}
