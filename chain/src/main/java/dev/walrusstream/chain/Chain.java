package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.SuiAddress;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.codec.BlobId;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Walrus system as storage nodes and clients see it (docs/protocol/walrus-spec.md §5): the committee and its
 * shards per epoch, storage reservations, blob registration and certification, blob status and the
 * event stream. Implementations: {@code LocalChain} (a development ledger on this machine, not
 * Sui) and its loopback client {@code LocalChainHttpClient}; a Sui implementation follows the same contract.
 *
 * <p>Write operations are paid by and act for the implementation's account ({@link #account()}).
 * Every refusal is a {@link ChainException.RuleViolation} naming the rule and the offending values;
 * a chain that cannot be reached throws {@link ChainException.Unavailable}. Thread-safe.
 */
public interface Chain extends AutoCloseable {

    /** Kind, description, system parameters and current epoch. */
    ChainInfo info();

    /** The current epoch (u32 on chain). */
    default int currentEpoch() {
        return info().epoch();
    }

    /** The committee of the current epoch. */
    Committee committee();

    /**
     * Where the current epoch's change stands: syncing (members that gained shards are fetching them)
     * or done. Chains whose committee never changes are always done.
     */
    default EpochState epochState() {
        return EpochState.done(currentEpoch(), 0);
    }

    /**
     * The committee of the epoch before the current one, with its shards (Walrus's
     * {@code previous_committee}); empty in the first epoch. While {@link #epochState()} is syncing,
     * blobs certified before the current epoch are read from it.
     */
    default Optional<Committee> previousCommittee() {
        return Optional.empty();
    }

    /**
     * Storage node {@code nodeId} reports that it holds every shard it gained in {@code epoch}
     * (Walrus's {@code epoch_sync_done}); once all such members have, the chain emits
     * {@link ChainEvent.EpochChangeDone}.
     *
     * @throws ChainException.RuleViolation {@link Rule#EPOCH_CHANGE_IN_PROGRESS} when {@code epoch} is not the
     *         one changing, {@link Rule#NOT_IN_COMMITTEE} when the node is not a member
     */
    default void epochSyncDone(ObjectId nodeId, int epoch) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take epoch-sync reports");
    }

    /** The account that pays and owns objects, if this client has one (read-only clients do not). */
    Optional<SuiAddress> account();

    /** WAL balance of {@code address} in FROST. */
    long balance(SuiAddress address);

    /** {@code reserve_space}: {@code storageSize} bytes for epochs [current, current + epochsAhead). */
    Results.Reservation reserveSpace(long storageSize, int epochsAhead);

    /**
     * {@code register_blob} on an owned storage resource: the blob ID must be the one derived from
     * {@code rootHash}, {@code size} and {@code encodingType}; the encoded length must fit the
     * storage; the write price is charged.
     */
    Results.Registration registerBlob(ObjectId storageId, BlobId blobId, byte[] rootHash, long size, int encodingType,
                                      boolean deletable);

    /**
     * {@code reserve_space} and {@code register_blob} in one transaction (as Walrus clients do):
     * storage sized to the blob's encoded length for {@code epochsAhead} epochs. The cost returned is
     * storage plus write price.
     */
    Results.Registration reserveAndRegister(BlobId blobId, byte[] rootHash, long size, int encodingType,
                                            boolean deletable, int epochsAhead);

    /**
     * {@code reserve_space} + {@code register_blob} for every call of {@code batch} in ONE transaction
     * (on Sui, one programmable transaction of those calls sharing the WAL coin, as Walrus's
     * multi-blob registration): all or nothing. Each call is checked as {@link #reserveAndRegister}
     * checks it, against the state the earlier calls leave (capacity, funds for the sum); a refusal
     * of any call names its blob ({@code blobId} and {@code batchIndex} among the values) and changes
     * nothing. The cost is the sum of the single registrations.
     */
    Results.Registrations registerBlobs(RegistrationBatch batch);

    /** {@code certify_blob}: verifies the certificate against the current committee and certifies the blob object. */
    Results.Certification certifyBlob(ObjectId blobObjectId, StorageCertificate certificate);

    /**
     * {@code certify_blob} on every call of {@code batch} in ONE transaction (on Sui, one programmable
     * transaction of several {@code certify_blob} calls): all or nothing. A refusal of any call names
     * its blob object ({@code objectId} and {@code batchIndex} among the values) and changes nothing.
     */
    Results.Certifications certifyBlobs(CertificationBatch batch);

    /** {@code delete_blob}: deletable blobs only; the storage resource returns to the owner. */
    Results.Deletion deleteBlob(ObjectId blobObjectId);

    /** {@code extend_blob}: a certified, unexpired blob lives {@code extendedEpochs} epochs longer. */
    Results.Extension extendBlob(ObjectId blobObjectId, int extendedEpochs);

    /**
     * {@code extend_blob} on every blob object of {@code blobObjectIds} by {@code extendedEpochs}, in
     * ONE transaction (on Sui, one programmable transaction of several {@code extend_blob} calls
     * sharing the WAL coin): all or nothing. A refusal of any object (not found, not owned, not
     * certified, expired, too far ahead) names that object and changes nothing; the price is the sum
     * of the single extensions. The list must not be empty nor name an object twice.
     */
    Results.Extensions extendBlobs(List<ObjectId> blobObjectIds, int extendedEpochs);

    /** The blob ID's status (Walrus's {@code BlobStatus}). */
    BlobStatus blobStatus(BlobId blobId);

    /** A blob object by ID, if it exists (deleted objects do not). */
    Optional<BlobObject> blobObject(ObjectId id);

    /** Blob objects of {@code blobId} owned by {@link #account()} (empty without an account). */
    List<BlobObject> ownedBlobObjects(BlobId blobId);

    /**
     * Events after {@code after}, at most {@code limit}, waiting up to {@code wait} for the first one
     * when none is there yet.
     */
    EventPage events(EventCursor after, int limit, Duration wait);

    @Override
    void close();
}
