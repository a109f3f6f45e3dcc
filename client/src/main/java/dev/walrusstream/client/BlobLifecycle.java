package dev.walrusstream.client;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What happens to blobs after they are stored, as the Walrus CLI's {@code extend}, {@code delete},
 * {@code list-blobs} and {@code store --dry-run} do it, for the account of {@code chain}. A plain
 * service (the CLI and the keeper call it). Refusals name the object and the values.
 */
public final class BlobLifecycle {
    private final Chain chain;

    public BlobLifecycle(Chain chain) {
        this.chain = chain;
    }

    /** What storing {@code data} would cost, from encoding alone: nothing is sent to the chain or the nodes. */
    public record DryRun(BlobId blobId, long unencodedSize, long encodedSize, int epochs, long storageCost,
                         long writeCost) {
        public long totalCost() {
            return Math.addExact(storageCost, writeCost);
        }
    }

    /** Encodes {@code data} for the chain's shard count and prices it for {@code epochs} epochs. */
    public DryRun dryRun(byte[] data, int epochs, RedStuff codec) {
        ChainInfo info = chain.info();
        if (epochs < 1 || epochs > info.maxEpochsAhead()) {
            throw new IllegalArgumentException("epochs must be 1.." + info.maxEpochsAhead() + ", got " + epochs);
        }
        EncodedBlob blob = codec.encode(RedStuffParams.of(info.nShards()), data, 0, data.length);
        long encoded = blob.encodedLength();
        return new DryRun(blob.blobId(), data.length, encoded, epochs, info.storageCost(encoded, epochs),
                info.writeCost(encoded));
    }

    /** The blob object, or a clear refusal. */
    public BlobObject require(ObjectId id) {
        return chain.blobObject(id).orElseThrow(() -> new IllegalArgumentException("blob object " + id
                + " does not exist (deleted, or never created)"));
    }

    /** What extending {@code blob} by {@code epochs} epochs costs. */
    public long extensionCost(BlobObject blob, int epochs) {
        return chain.info().storageCost(blob.storage().storageSize(), epochs);
    }

    /** {@code extend --epochs-extended N}: the blob object's end epoch moves by exactly {@code epochs}. */
    public Results.Extension extendBy(ObjectId id, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs-extended must be >= 1, got " + epochs);
        }
        return chain.extendBlob(id, epochs);
    }

    /** {@code extend --end-epoch E}: extends so the blob object expires at {@code endEpoch} (exclusive). */
    public Results.Extension extendTo(ObjectId id, int endEpoch) {
        BlobObject blob = require(id);
        if (endEpoch <= blob.endEpoch()) {
            throw new IllegalArgumentException("--end-epoch " + endEpoch + " is not after blob object " + id
                    + "'s current end epoch " + blob.endEpoch());
        }
        return chain.extendBlob(id, endEpoch - blob.endEpoch());
    }

    /** {@code delete --object-id}: the deletable blob object goes and its storage returns to the owner. */
    public Results.Deletion deleteObject(ObjectId id) {
        BlobObject blob = require(id);
        if (!blob.deletable()) {
            throw new IllegalArgumentException("blob object " + id + " (blob " + blob.blobId()
                    + ") is permanent; only deletable blobs can be deleted before they expire");
        }
        return chain.deleteBlob(id);
    }

    /** Deletable blob objects of {@code blobId} owned by this account ({@code delete --blob-id} deletes these). */
    public List<BlobObject> deletableObjects(BlobId blobId) {
        return chain.ownedBlobObjects(blobId).stream().filter(BlobObject::deletable).toList();
    }

    /**
     * Blob objects this account owns ({@code list-blobs}), found by following the chain's
     * {@code BlobRegistered} events and asking for each blob ID's owned objects; expired ones only
     * with {@code includeExpired}. Ordered by end epoch, then object ID.
     */
    public List<BlobObject> ownedBlobs(boolean includeExpired) {
        if (chain.account().isEmpty()) {
            throw new IllegalStateException("this chain client has no account; list-blobs lists an account's blobs");
        }
        Set<BlobId> seen = new LinkedHashSet<>();
        EventCursor cursor = EventCursor.START;
        while (true) {
            EventPage page = chain.events(cursor, 1000, Duration.ZERO);
            for (EventRecord r : page.events()) {
                if (r.event() instanceof ChainEvent.BlobRegistered reg) {
                    seen.add(reg.blobId());
                }
            }
            if (page.atHead(cursor)) {
                break;
            }
            cursor = page.next();
        }
        int epoch = chain.currentEpoch();
        List<BlobObject> owned = new ArrayList<>();
        for (BlobId id : seen) {
            for (BlobObject o : chain.ownedBlobObjects(id)) {
                if (includeExpired || o.endEpoch() > epoch) {
                    owned.add(o);
                }
            }
        }
        owned.sort(Comparator.comparingInt(BlobObject::endEpoch).thenComparing(o -> o.id().hex()));
        return owned;
    }

    /** A blob object if it exists. */
    public Optional<BlobObject> find(ObjectId id) {
        try {
            return chain.blobObject(id);
        } catch (ChainException.Unavailable e) {
            throw new IllegalStateException("chain unavailable reading blob object " + id + ": " + e.getMessage(), e);
        }
    }
}
