package dev.walrusstream.devnet.chain;

import dev.walrusstream.devnet.ledger.LedgerGenesis;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.ExtensionBatch;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.devnet.ledger.LocalLedger;
import dev.walrusstream.devnet.ledger.EpochClock;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.codec.BlobId;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * LocalChain: the embedded development ledger. It applies Walrus's system rules (committee and
 * shards, storage reservations priced in WAL, blob registration with the derived-ID check,
 * certificates checked with BLS12-381 against the committee and its quorum, deletion, extension,
 * events) and persists them to a directory, so it survives restarts.
 *
 * <p><b>It is not Sui.</b> It runs on this machine only, nothing is replicated or final in any
 * blockchain sense, WAL balances here are worthless, and callers are not authenticated: whoever
 * can reach it may act for any account. Use it for development, tests and demos; real Walrus
 * storage needs Sui.
 *
 * <p>One {@code LocalChain} owns the ledger; {@link #forAccount} gives views acting for other
 * accounts. Other processes reach it through {@link LocalChainHttpServer} and {@link LocalChainHttpClient}.
 */
public final class LocalChain implements Chain {
    private final LocalLedger ledger;
    private final SuiAddress account;
    private final boolean owner;
    private final EpochClock epochClock;

    private LocalChain(LocalLedger ledger, SuiAddress account, boolean owner, Duration epochDuration, Runnable beforeChange) {
        this.ledger = ledger;
        this.account = account;
        this.owner = owner;
        Duration period = epochDuration != null ? epochDuration : Duration.ofMillis(ledger.genesis().epochDurationMillis());
        epochClock = owner && !period.isZero() ? new EpochClock("localchain", period, ledger::advanceEpoch, beforeChange)
                : null;
    }

    private LocalChain(LocalLedger ledger, SuiAddress account, boolean owner) {
        this(ledger, account, owner, null, () -> {
        });
    }

    /**
     * Opens the ledger in {@code dir}; epochs last {@code epochDuration} (null: as the genesis says;
     * zero: they change only when asked), and {@code beforeChange} runs before each timed change.
     */
    public static LocalChain open(Path dir, SuiAddress account, Duration epochDuration, Runnable beforeChange)
            throws IOException {
        return new LocalChain(LocalLedger.open(dir), account, true, epochDuration, beforeChange);
    }

    /** Creates a new ledger in {@code dir}; acts for {@code account} (may be null for read-only use). */
    public static LocalChain create(Path dir, LedgerGenesis genesis, SuiAddress account) throws IOException {
        return new LocalChain(LocalLedger.create(dir, genesis), account, true);
    }

    /** Opens the ledger in {@code dir}, replaying its journal. */
    public static LocalChain open(Path dir, SuiAddress account) throws IOException {
        return new LocalChain(LocalLedger.open(dir), account, true);
    }

    /** A view of the same ledger acting for {@code otherAccount}; closing it does not close the ledger. */
    public LocalChain forAccount(SuiAddress otherAccount) {
        return new LocalChain(ledger, otherAccount, false);
    }

    public LedgerGenesis genesis() {
        return ledger.genesis();
    }

    /** Development control: moves to the next epoch. */
    public int advanceEpoch() {
        return ledger.advanceEpoch();
    }

    /** Development faucet: credits FROST to an account; returns the new balance. */
    public long fund(SuiAddress address, long amount) {
        return ledger.fund(address, amount);
    }

    /** Development control: empties an account's WAL (as spending it elsewhere would); returns what was taken. */
    public long drain(SuiAddress address) {
        return ledger.drain(address, Long.MAX_VALUE);
    }

    /** The ledger itself (development controls: stake, node registration). */
    public LocalLedger ledger() {
        return ledger;
    }

    @Override
    public EpochState epochState() {
        return ledger.epochState();
    }

    @Override
    public Optional<Committee> previousCommittee() {
        return ledger.previousCommittee();
    }

    @Override
    public void epochSyncDone(ObjectId nodeId, int epoch) {
        ledger.epochSyncDone(nodeId, epoch);
    }

    @Override
    public ChainInfo info() {
        return ledger.info();
    }

    @Override
    public Committee committee() {
        return ledger.committee();
    }

    @Override
    public Optional<SuiAddress> account() {
        return Optional.ofNullable(account);
    }

    @Override
    public long balance(SuiAddress address) {
        return ledger.balance(address);
    }

    @Override
    public Results.Reservation reserveSpace(long storageSize, int epochsAhead) {
        return ledger.reserveSpace(account, storageSize, epochsAhead);
    }

    @Override
    public Results.Registration registerBlob(ObjectId storageId, BlobId blobId, byte[] rootHash, long size,
                                             int encodingType, boolean deletable) {
        return ledger.registerBlob(account, storageId, blobId, rootHash, size, encodingType, deletable);
    }

    @Override
    public Results.Registration reserveAndRegister(BlobId blobId, byte[] rootHash, long size, int encodingType,
                                                   boolean deletable, int epochsAhead) {
        return ledger.reserveAndRegister(account, blobId, rootHash, size, encodingType, deletable, epochsAhead);
    }

    @Override
    public Results.Certification certifyBlob(ObjectId blobObjectId, StorageCertificate certificate) {
        return ledger.certifyBlob(account, blobObjectId, certificate);
    }

    @Override
    public Results.Registrations registerBlobs(dev.walrusstream.chain.RegistrationBatch batch) {
        return ledger.registerBlobs(account, batch);
    }

    @Override
    public Results.Certifications certifyBlobs(dev.walrusstream.chain.CertificationBatch batch) {
        return ledger.certifyBlobs(account, batch);
    }

    @Override
    public Results.Deletion deleteBlob(ObjectId blobObjectId) {
        return ledger.deleteBlob(account, blobObjectId);
    }

    @Override
    public Results.Extension extendBlob(ObjectId blobObjectId, int extendedEpochs) {
        return ledger.extendBlob(account, blobObjectId, extendedEpochs);
    }

    @Override
    public Results.Extensions extendBlobs(List<ObjectId> blobObjectIds, int extendedEpochs) {
        List<LocalLedger.BlobExtension> calls = new java.util.ArrayList<>();
        for (ObjectId id : ExtensionBatch.validate(blobObjectIds, extendedEpochs)) {
            calls.add(new LocalLedger.BlobExtension(id, extendedEpochs));
        }
        return ledger.extendBlobs(account, calls);
    }

    @Override
    public BlobStatus blobStatus(BlobId blobId) {
        return ledger.blobStatus(blobId);
    }

    @Override
    public Optional<BlobObject> blobObject(ObjectId id) {
        return ledger.blobObject(id);
    }

    @Override
    public List<BlobObject> ownedBlobObjects(BlobId blobId) {
        return ledger.ownedBlobObjects(account, blobId);
    }

    @Override
    public EventPage events(EventCursor after, int limit, Duration wait) {
        try {
            return ledger.events(after, limit, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException.Unavailable("interrupted while waiting for LocalChain events", e);
        }
    }

    @Override
    public void close() {
        if (owner) {
            if (epochClock != null) {
                epochClock.close();
            }
            ledger.close();
        }
    }

    @Override
    public String toString() {
        return "LocalChain[" + ledger.genesis().chainId() + ", account " + account + "] (local development ledger, not Sui)";
    }
}
