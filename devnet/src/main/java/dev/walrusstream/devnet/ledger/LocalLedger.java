package dev.walrusstream.devnet.ledger;

import dev.walrusstream.codec.text.Base58;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobRegistrations;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.devnet.ledger.LedgerGenesis;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.hash.Blake2b256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.walrusstream.chain.ChainException.violation;

/**
 * The LocalChain ledger: Walrus's system rules (docs/protocol/walrus-spec.md §5) applied to an in-memory state that
 * a journal makes durable. Every operation validates first and changes nothing when a rule refuses
 * it. Thread-safe (one lock); event readers may wait for new events.
 */
public final class LocalLedger implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalLedger.class.getName());
    public static final String GENESIS_FILE = "genesis.json";
    public static final String JOURNAL_FILE = "journal.jsonl";
    public static final String KIND = "local";
    public static final String DESCRIPTION = "LocalChain: a development ledger on this machine that applies Walrus's "
            + "system rules. It is not Sui: nothing is replicated, WAL here has no value, and callers are not "
            + "authenticated.";

    private final LedgerGenesis genesis;
    private final ObjectMapper json;
    private final Journal journal;
    private final LedgerState state;
    private final byte[] chainSeed;
    private boolean closed;
    /** While set, transactions run every check and compute their results but change nothing. */
    private boolean dryRun;
    /** Journalled with the next committed transaction (see {@link #withAttachment}). */
    private JsonNode attachment;

    private LocalLedger(LedgerGenesis genesis, ObjectMapper json, Journal journal, LedgerState state) {
        this.genesis = genesis;
        this.json = json;
        this.journal = journal;
        this.state = state;
        this.chainSeed = genesis.chainId().getBytes(StandardCharsets.UTF_8);
    }

    /** Creates {@code dir} with {@code genesis}; fails if a ledger already lives there. */
    public static LocalLedger create(Path dir, LedgerGenesis genesis) throws IOException {
        Files.createDirectories(dir);
        Path g = dir.resolve(GENESIS_FILE);
        if (Files.exists(g)) {
            throw new IOException("a LocalChain already exists in " + dir + " (" + g + ")");
        }
        ObjectMapper json = ChainJson.mapper();
        Path tmp = dir.resolve(GENESIS_FILE + ".tmp");
        Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(genesis));
        Files.move(tmp, g, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return open(dir);
    }

    /** Opens the ledger in {@code dir} and replays its journal. */
    public static LocalLedger open(Path dir) throws IOException {
        return open(dir, fx -> {
        });
    }

    /**
     * Opens the ledger in {@code dir}, replays its journal and hands every replayed transaction, in
     * order and after it was applied, to {@code replayed} (front ends rebuild their own state from
     * the transactions' attachments).
     */
    public static LocalLedger open(Path dir, Consumer<TxEffects> replayed) throws IOException {
        Path g = dir.resolve(GENESIS_FILE);
        if (!Files.exists(g)) {
            throw new IOException("no LocalChain in " + dir + ": " + g + " is missing");
        }
        ObjectMapper json = ChainJson.mapper();
        LedgerGenesis genesis = json.readValue(g.toFile(), LedgerGenesis.class);
        List<TxEffects> entries = new ArrayList<>();
        Journal journal = Journal.open(dir.resolve(JOURNAL_FILE), json, entries);
        LedgerState state = new LedgerState(genesis.initialEpoch(), genesis.accounts(), StakingState.genesis(genesis),
                new TxEffects.Prices(genesis.storagePricePerUnitSize(), genesis.writePricePerUnitSize()));
        for (TxEffects fx : entries) {
            state.apply(fx);
            replayed.accept(fx);
        }
        return new LocalLedger(genesis, json, journal, state);
    }

    public LedgerGenesis genesis() {
        return genesis;
    }

    public synchronized ChainInfo info() {
        return new ChainInfo(KIND, DESCRIPTION, genesis.chainId(), genesis.nShards(), state.epoch,
                state.prices.storagePerUnit(), state.prices.writePerUnit(), genesis.maxEpochsAhead());
    }

    /** The committee of the current epoch (it changes at epoch boundaries as stake moves). */
    public synchronized Committee committee() {
        Committee c = state.staking.committee();
        return c.epoch() == state.epoch ? c : c.withEpoch(state.epoch); // journals from before committees changed
    }

    /** The committee of the previous epoch, if there was one. */
    public synchronized Optional<Committee> previousCommittee() {
        Committee p = state.staking.previousCommittee();
        if (p != null && p.epoch() == state.epoch - 1) {
            return Optional.of(p);
        }
        Committee c = committee();
        return state.epoch > genesis.initialEpoch() ? Optional.of(c.withEpoch(state.epoch - 1)) : Optional.empty();
    }

    /** Where the current epoch's change stands. */
    public synchronized EpochState epochState() {
        EpochState e = state.staking.epochState();
        return e.epoch() == state.epoch ? e : EpochState.done(state.epoch, 0);
    }

    /** Registered storage nodes and their stake (members and those waiting to join). */
    public synchronized StakingState staking() {
        return state.staking;
    }

    public synchronized long balance(SuiAddress a) {
        return state.balance(a);
    }

    public synchronized long eventCount() {
        return state.events.size();
    }

    /** Sequence number of the last committed transaction (0 before the first). */
    public synchronized long lastTxSeq() {
        return state.txSeq;
    }

    /** Bytes reserved in the current epoch (Walrus's {@code used_capacity_size}). */
    public synchronized long usedCapacity() {
        return state.usedCapacity(state.epoch);
    }

    /**
     * Runs {@code operation} (calls of this ledger's transaction methods) with every check and its
     * results as if committed, but changes nothing: no state, no journal, no events. A refusal is
     * thrown exactly as the real transaction would throw it. Results are those the same transaction
     * would give if it were committed next.
     */
    public synchronized <T> T dryRun(Supplier<T> operation) {
        boolean was = dryRun;
        dryRun = true;
        try {
            return operation.get();
        } finally {
            dryRun = was;
        }
    }

    /**
     * Runs {@code operation} (one transaction method) so that the transaction it commits carries
     * {@code data} in the journal, atomically with its effects; replay hands it back through
     * {@link #open(Path, Consumer)}.
     */
    public synchronized <T> T withAttachment(JsonNode data, Supplier<T> operation) {
        JsonNode previous = attachment;
        attachment = data;
        try {
            return operation.get();
        } finally {
            attachment = previous;
        }
    }

    /**
     * Commits a transaction that changes nothing in Walrus's state but journals {@code data}: what a
     * front end records for its own transactions (for instance a failed Sui transaction that only
     * paid gas). Returns the transaction's sequence number.
     */
    public synchronized long record(String kind, SuiAddress sender, JsonNode data) {
        requireOpen();
        Tx tx = new Tx(kind, sender);
        withAttachment(data, () -> {
            tx.commit();
            return null;
        });
        return tx.seq;
    }

    // ---- transactions -------------------------------------------------------------------------

    private final class Tx {
        final long seq = state.txSeq + 1;
        final String digest;
        final byte[] digestBytes;
        final String kind;
        final SuiAddress sender;
        int epoch = state.epoch;
        final Map<SuiAddress, Long> deltas = new java.util.HashMap<>();
        final List<TxEffects.OwnedStorage> storagePut = new ArrayList<>();
        final List<TxEffects.OwnedBlob> blobsPut = new ArrayList<>();
        final List<ObjectId> removed = new ArrayList<>();
        final List<ChainEvent> events = new ArrayList<>();
        final long millis = System.currentTimeMillis();
        StakingState staking;
        TxEffects.Prices prices;
        int created;

        Tx(String kind, SuiAddress sender) {
            this.kind = kind;
            this.sender = sender;
            Blake2b256 h = new Blake2b256();
            h.update((byte) 0x54);
            h.update(chainSeed);
            for (int i = 0; i < 8; i++) {
                h.update((byte) (seq >>> (8 * i)));
            }
            digestBytes = h.finish();
            digest = Base58.encode(digestBytes);
        }

        ObjectId newObjectId() {
            Blake2b256 h = new Blake2b256();
            h.update((byte) 0x4F);
            h.update(digestBytes);
            int index = created++;
            for (int i = 0; i < 8; i++) {
                h.update((byte) (index >>> (8 * i)));
            }
            return ObjectId.of(h.finish());
        }

        void charge(long amount) {
            deltas.merge(sender, -amount, Long::sum);
        }

        EventId event(ChainEvent e) {
            events.add(e);
            return new EventId(digest, events.size() - 1L);
        }

        void commit() {
            if (dryRun) {
                return;
            }
            TxEffects fx = new TxEffects(seq, digest, kind, sender, epoch, deltas, storagePut, blobsPut, removed, events,
                    attachment, staking, prices);
            journal.append(fx);
            state.apply(fx);
            LocalLedger.this.notifyAll();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("LocalChain ledger is closed");
        }
    }

    private static SuiAddress requireSender(SuiAddress sender) {
        if (sender == null) {
            throw violation(Rule.NO_ACCOUNT, "this operation needs a paying account and none was given");
        }
        return sender;
    }

    private void requireFunds(SuiAddress sender, long cost, String what) {
        long balance = state.balance(sender);
        if (balance < cost) {
            throw violation(Rule.INSUFFICIENT_BALANCE, what + " costs " + cost + " FROST, account " + sender + " holds "
                    + balance, "cost", cost, "balance", balance, "account", sender);
        }
    }

    private void checkEpochsAhead(int epochsAhead) {
        if (epochsAhead < 1 || epochsAhead > genesis.maxEpochsAhead()) {
            throw violation(Rule.INVALID_EPOCHS_AHEAD, "epochs ahead must be between 1 and " + genesis.maxEpochsAhead()
                    + ", got " + epochsAhead, "epochsAhead", epochsAhead, "max", genesis.maxEpochsAhead());
        }
    }

    private void checkCapacity(long size, int fromEpoch, int toEpoch) {
        for (int e = fromEpoch; e < toEpoch; e++) {
            long used = state.usedCapacity(e);
            if (used + size > genesis.totalCapacity()) {
                throw violation(Rule.STORAGE_EXCEEDED, "reserving " + size + " bytes in epoch " + e + " exceeds the "
                        + genesis.totalCapacity() + "-byte capacity (" + used + " used)", "size", size, "epoch", e,
                        "used", used, "capacity", genesis.totalCapacity());
            }
        }
    }

    private StorageResource reserve(Tx tx, long size, int epochsAhead) {
        if (size < 0) {
            throw violation(Rule.INVALID_ARGUMENT, "storage size must not be negative, got " + size, "size", size);
        }
        checkEpochsAhead(epochsAhead);
        int start = state.epoch;
        int end = start + epochsAhead;
        checkCapacity(size, start, end);
        return new StorageResource(tx.newObjectId(), start, end, size);
    }

    public synchronized Results.Reservation reserveSpace(SuiAddress sender, long size, int epochsAhead) {
        requireOpen();
        Tx tx = new Tx("reserve_space", requireSender(sender));
        StorageResource s = reserve(tx, size, epochsAhead);
        long cost = info().storageCost(size, epochsAhead);
        requireFunds(sender, cost, "reserving " + size + " bytes for " + epochsAhead + " epochs");
        tx.charge(cost);
        tx.storagePut.add(new TxEffects.OwnedStorage(sender, s));
        tx.commit();
        return new Results.Reservation(s, cost, tx.digest, LedgerGas.reserve(s));
    }

    /** The blob's encoded length after the checks register_blob makes on its arguments. */
    private long checkBlobArguments(BlobId blobId, byte[] rootHash, long size, int encodingType) {
        if (encodingType != RedStuffParams.ENCODING_TYPE_RS2) {
            throw violation(Rule.UNSUPPORTED_ENCODING_TYPE, "encoding type " + encodingType
                    + " is not supported; only RS2 (1) is", "encodingType", encodingType);
        }
        if (rootHash == null || rootHash.length != 32) {
            throw violation(Rule.INVALID_ARGUMENT, "root hash must be 32 bytes", "rootHashBytes",
                    rootHash == null ? 0 : rootHash.length);
        }
        if (size < 0) {
            throw violation(Rule.INVALID_ARGUMENT, "blob size must not be negative, got " + size, "size", size);
        }
        long encoded;
        try {
            encoded = RedStuffParams.of(genesis.nShards()).encodedLength(size);
        } catch (CodecException.DataTooLarge e) {
            throw violation(Rule.INVALID_ARGUMENT, e.getMessage(), "size", size, "limit", e.limit());
        }
        BlobId derived = BlobId.derive(encodingType, size, rootHash);
        if (!derived.equals(blobId)) {
            throw violation(Rule.INVALID_BLOB_ID, "blob ID " + blobId + " is not the one derived from root hash "
                    + HexFormat.of().formatHex(rootHash) + ", size " + size + " and encoding " + encodingType + " ("
                    + derived + ")", "blobId", blobId, "derived", derived, "size", size);
        }
        return encoded;
    }

    private BlobObject register(Tx tx, StorageResource s, BlobId blobId, long size, int encodingType, long encoded,
                                boolean deletable) {
        int epoch = state.epoch;
        if (epoch < s.startEpoch() || epoch >= s.endEpoch()) {
            throw violation(Rule.RESOURCE_BOUNDS, "storage " + s.id() + " covers epochs [" + s.startEpoch() + ", "
                    + s.endEpoch() + "), not the current epoch " + epoch, "startEpoch", s.startEpoch(),
                    "endEpoch", s.endEpoch(), "currentEpoch", epoch);
        }
        if (encoded > s.storageSize()) {
            throw violation(Rule.RESOURCE_SIZE, "blob's encoded length " + encoded + " exceeds storage " + s.id()
                    + " of " + s.storageSize() + " bytes", "encodedLength", encoded, "storageSize", s.storageSize());
        }
        BlobObject blob = new BlobObject(tx.newObjectId(), epoch, blobId, size, encodingType, null, s, deletable);
        tx.blobsPut.add(new TxEffects.OwnedBlob(tx.sender, blob));
        tx.event(new ChainEvent.BlobRegistered(epoch, blobId, size, encodingType, s.endEpoch(), deletable, blob.id()));
        return blob;
    }

    public synchronized Results.Registration registerBlob(SuiAddress sender, ObjectId storageId, BlobId blobId,
                                                          byte[] rootHash, long size, int encodingType, boolean deletable) {
        requireOpen();
        Tx tx = new Tx("register_blob", requireSender(sender));
        TxEffects.OwnedStorage owned = state.storage.get(storageId);
        if (owned == null) {
            throw violation(Rule.OBJECT_NOT_FOUND, "no storage resource " + storageId, "objectId", storageId);
        }
        if (!owned.owner().equals(sender)) {
            throw violation(Rule.NOT_OWNER, "storage " + storageId + " belongs to " + owned.owner(), "owner", owned.owner());
        }
        long encoded = checkBlobArguments(blobId, rootHash, size, encodingType);
        long cost = info().writeCost(encoded);
        BlobObject blob = register(tx, owned.storage(), blobId, size, encodingType, encoded, deletable);
        requireFunds(sender, cost, "writing " + encoded + " encoded bytes");
        tx.charge(cost);
        tx.removed.add(storageId);
        tx.commit();
        return new Results.Registration(blob, cost, new EventId(tx.digest, 0), LedgerGas.register(owned.storage(), blob));
    }

    public synchronized Results.Registration reserveAndRegister(SuiAddress sender, BlobId blobId, byte[] rootHash, long size,
                                                                int encodingType, boolean deletable, int epochsAhead) {
        return reserveAndRegister(sender, blobId, rootHash, size, encodingType, deletable, epochsAhead, -1);
    }

    /**
     * As {@link #reserveAndRegister(SuiAddress, BlobId, byte[], long, int, boolean, int)}, reserving
     * {@code storageSize} bytes (what {@code reserve_space} was asked for; negative: exactly the
     * blob's encoded length). Storage is paid for {@code storageSize}, the write for the encoded length.
     */
    public synchronized Results.Registration reserveAndRegister(SuiAddress sender, BlobId blobId, byte[] rootHash, long size,
                                                                int encodingType, boolean deletable, int epochsAhead,
                                                                long storageSize) {
        requireOpen();
        Tx tx = new Tx("reserve_and_register", requireSender(sender));
        long encoded = checkBlobArguments(blobId, rootHash, size, encodingType);
        long reserved = storageSize < 0 ? encoded : storageSize;
        StorageResource s = reserve(tx, reserved, epochsAhead);
        long cost = Math.addExact(info().storageCost(reserved, epochsAhead), info().writeCost(encoded));
        BlobObject blob = register(tx, s, blobId, size, encodingType, encoded, deletable);
        requireFunds(sender, cost, "storing " + encoded + " encoded bytes for " + epochsAhead + " epochs");
        tx.charge(cost);
        tx.commit();
        return new Results.Registration(blob, cost, new EventId(tx.digest, 0), LedgerGas.reserveAndRegister(blob));
    }

    /** One call of a {@link #registerBlobs(SuiAddress, List)} batch: reserve {@code storageSize} bytes (negative: the encoded length) and register. */
    public record BlobRegistration(dev.walrusstream.chain.RegistrationBatch.Call call, long storageSize) {
    }

    /** {@link #registerBlobs(SuiAddress, List)} with storage sized to each blob's encoded length. */
    public synchronized Results.Registrations registerBlobs(SuiAddress sender, dev.walrusstream.chain.RegistrationBatch batch) {
        List<BlobRegistration> calls = new ArrayList<>();
        batch.calls().forEach(c -> calls.add(new BlobRegistration(c, -1)));
        return registerBlobs(sender, calls);
    }

    /**
     * Several {@code reserve_space} + {@code register_blob} pairs in ONE transaction: every call is
     * checked against the state the earlier ones leave (capacity per epoch, funds for the running
     * sum); a refusal of any call names its blob and commits nothing. One {@code BlobRegistered}
     * event per call, in order.
     */
    public synchronized Results.Registrations registerBlobs(SuiAddress sender, List<BlobRegistration> calls) {
        requireOpen();
        if (calls == null || calls.isEmpty()) {
            throw violation(Rule.INVALID_ARGUMENT, "register: no blob to register (an empty batch)");
        }
        Tx tx = new Tx(calls.size() == 1 ? "reserve_and_register" : "register_blobs", requireSender(sender));
        Map<Integer, Long> added = new java.util.HashMap<>();
        List<Results.Registration> done = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < calls.size(); i++) {
            dev.walrusstream.chain.RegistrationBatch.Call c = calls.get(i).call();
            try {
                long encoded = checkBlobArguments(c.blobId(), c.rootHash(), c.size(), c.encodingType());
                long reserved = calls.get(i).storageSize() < 0 ? encoded : calls.get(i).storageSize();
                if (reserved < 0) {
                    throw violation(Rule.INVALID_ARGUMENT, "storage size must not be negative, got " + reserved,
                            "size", reserved);
                }
                checkEpochsAhead(c.epochsAhead());
                int start = state.epoch;
                int end = start + c.epochsAhead();
                for (int e = start; e < end; e++) {
                    long used = state.usedCapacity(e) + added.getOrDefault(e, 0L);
                    if (used + reserved > genesis.totalCapacity()) {
                        throw violation(Rule.STORAGE_EXCEEDED, "reserving " + reserved + " bytes in epoch " + e
                                + " exceeds the " + genesis.totalCapacity() + "-byte capacity (" + used + " used)",
                                "size", reserved, "epoch", e, "used", used, "capacity", genesis.totalCapacity());
                    }
                }
                for (int e = start; e < end; e++) {
                    added.merge(e, reserved, Long::sum);
                }
                StorageResource s = new StorageResource(tx.newObjectId(), start, end, reserved);
                long cost = Math.addExact(info().storageCost(reserved, c.epochsAhead()), info().writeCost(encoded));
                total = Math.addExact(total, cost);
                requireFunds(sender, total, calls.size() == 1 ? "storing " + encoded + " encoded bytes for "
                        + c.epochsAhead() + " epochs" : "registering " + (i + 1) + " blobs (up to " + c.blobId() + ")");
                BlobObject blob = register(tx, s, c.blobId(), c.size(), c.encodingType(), encoded, c.deletable());
                done.add(new Results.Registration(blob, cost, new EventId(tx.digest, tx.events.size() - 1L),
                        LedgerGas.reserveAndRegister(blob)));
            } catch (dev.walrusstream.chain.ChainException.RuleViolation v) {
                throw dev.walrusstream.chain.RegistrationBatch.naming(v, c.blobId(), i, calls.size());
            }
        }
        tx.charge(total);
        tx.commit();
        return new Results.Registrations(done, total, tx.digest);
    }

    private TxEffects.OwnedBlob ownedBlob(SuiAddress sender, ObjectId id) {
        TxEffects.OwnedBlob b = state.blobs.get(id);
        if (b == null) {
            throw violation(Rule.OBJECT_NOT_FOUND, "no blob object " + id, "objectId", id);
        }
        if (!b.owner().equals(sender)) {
            throw violation(Rule.NOT_OWNER, "blob object " + id + " belongs to " + b.owner() + ", not " + sender,
                    "objectId", id, "owner", b.owner(), "sender", sender);
        }
        return b;
    }

    public synchronized Results.Certification certifyBlob(SuiAddress sender, ObjectId blobObjectId, StorageCertificate cert) {
        requireOpen();
        Tx tx = new Tx("certify_blob", requireSender(sender));
        BlobObject blob = ownedBlob(sender, blobObjectId).blob();
        CertificateVerifier.verifyCertification(committee(), state.epoch, blob, cert);
        BlobObject certified = blob.certifiedAt(state.epoch);
        tx.blobsPut.add(new TxEffects.OwnedBlob(sender, certified));
        EventId event = tx.event(new ChainEvent.BlobCertified(state.epoch, blob.blobId(), blob.endEpoch(),
                blob.deletable(), blob.id(), false));
        tx.commit();
        return new Results.Certification(certified, event, LedgerGas.certify(blob, certified));
    }

    /**
     * Several {@code certify_blob} calls in ONE transaction (a batch names each object once): each
     * certificate is verified against the current committee; a refusal of any call names its blob
     * object and commits nothing. One {@code BlobCertified} event per call.
     */
    public synchronized Results.Certifications certifyBlobs(SuiAddress sender, dev.walrusstream.chain.CertificationBatch batch) {
        requireOpen();
        List<dev.walrusstream.chain.CertificationBatch.Call> calls = batch.calls();
        Tx tx = new Tx(calls.size() == 1 ? "certify_blob" : "certify_blobs", requireSender(sender));
        List<Results.Certification> done = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            var call = calls.get(i);
            try {
                BlobObject blob = ownedBlob(sender, call.blobObjectId()).blob();
                CertificateVerifier.verifyCertification(committee(), state.epoch, blob, call.certificate());
                BlobObject certified = blob.certifiedAt(state.epoch);
                tx.blobsPut.add(new TxEffects.OwnedBlob(sender, certified));
                EventId event = tx.event(new ChainEvent.BlobCertified(state.epoch, blob.blobId(), blob.endEpoch(),
                        blob.deletable(), blob.id(), false));
                done.add(new Results.Certification(certified, event, LedgerGas.certify(blob, certified)));
            } catch (dev.walrusstream.chain.ChainException.RuleViolation v) {
                throw dev.walrusstream.chain.CertificationBatch.naming(v, call.blobObjectId(), i, calls.size());
            }
        }
        tx.commit();
        return new Results.Certifications(done, tx.digest);
    }

    public synchronized Results.Deletion deleteBlob(SuiAddress sender, ObjectId blobObjectId) {
        requireOpen();
        Tx tx = new Tx("delete_blob", requireSender(sender));
        BlobObject blob = ownedBlob(sender, blobObjectId).blob();
        if (!blob.deletable()) {
            throw violation(Rule.BLOB_NOT_DELETABLE, "blob object " + blob.id() + " is permanent and cannot be deleted",
                    "objectId", blob.id());
        }
        if (blob.endEpoch() <= state.epoch) {
            throw violation(Rule.RESOURCE_BOUNDS, "blob object " + blob.id() + " expired at epoch " + blob.endEpoch(),
                    "endEpoch", blob.endEpoch(), "currentEpoch", state.epoch);
        }
        tx.removed.add(blob.id());
        tx.storagePut.add(new TxEffects.OwnedStorage(sender, blob.storage()));
        EventId event = tx.event(new ChainEvent.BlobDeleted(state.epoch, blob.blobId(), blob.endEpoch(), blob.id(),
                blob.isCertified()));
        tx.commit();
        return new Results.Deletion(blob.id(), blob.storage(), event, LedgerGas.delete(blob, blob.storage()));
    }

    /** One {@code extend_blob} call of a batch: the blob object and by how many epochs. */
    public record BlobExtension(ObjectId blobObjectId, int extendedEpochs) {
    }

    public synchronized Results.Extension extendBlob(SuiAddress sender, ObjectId blobObjectId, int extendedEpochs) {
        return extendBlobs(sender, List.of(new BlobExtension(blobObjectId, extendedEpochs))).extensions().get(0);
    }

    /**
     * Several {@code extend_blob} calls in ONE transaction, applied in order (an object named twice is
     * extended twice, as in a Sui programmable transaction): every call is checked against the state
     * the earlier calls leave (capacity, funds for the sum), and a refusal of any call names its blob
     * object and commits nothing. One {@code BlobCertified} event per call.
     */
    public synchronized Results.Extensions extendBlobs(SuiAddress sender, List<BlobExtension> calls) {
        requireOpen();
        if (calls == null || calls.isEmpty()) {
            throw violation(Rule.INVALID_ARGUMENT, "extending blobs needs at least one blob object, got none");
        }
        Tx tx = new Tx(calls.size() == 1 ? "extend_blob" : "extend_blobs", requireSender(sender));
        Map<ObjectId, BlobObject> working = new java.util.LinkedHashMap<>();
        Map<Integer, Long> added = new java.util.HashMap<>();
        List<Results.Extension> done = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < calls.size(); i++) {
            BlobExtension call = calls.get(i);
            BlobObject blob = working.containsKey(call.blobObjectId()) ? working.get(call.blobObjectId())
                    : ownedBlob(sender, call.blobObjectId()).blob();
            int n = call.extendedEpochs();
            String which = calls.size() == 1 ? "" : " (call " + (i + 1) + " of " + calls.size() + ")";
            if (!blob.isCertified()) {
                throw violation(Rule.NOT_CERTIFIED, "blob object " + blob.id() + " is not certified; only certified blobs "
                        + "can be extended" + which, "objectId", blob.id());
            }
            if (state.epoch >= blob.endEpoch()) {
                throw violation(Rule.RESOURCE_BOUNDS, "blob object " + blob.id() + " expired at epoch " + blob.endEpoch()
                        + which, "objectId", blob.id(), "endEpoch", blob.endEpoch(), "currentEpoch", state.epoch);
            }
            int endOffset = blob.endEpoch() - state.epoch + n;
            if (n < 1 || endOffset > genesis.maxEpochsAhead()) {
                throw violation(Rule.INVALID_EPOCHS_AHEAD, "extending blob object " + blob.id() + " by " + n
                        + " epochs would end " + endOffset + " epochs ahead; allowed are 1.." + genesis.maxEpochsAhead()
                        + which, "objectId", blob.id(), "extendedEpochs", n, "max", genesis.maxEpochsAhead());
            }
            long size = blob.storage().storageSize();
            for (int e = blob.endEpoch(); e < blob.endEpoch() + n; e++) {
                long used = state.usedCapacity(e) + added.getOrDefault(e, 0L);
                if (used + size > genesis.totalCapacity()) {
                    throw violation(Rule.STORAGE_EXCEEDED, "extending blob object " + blob.id() + " needs " + size
                            + " bytes in epoch " + e + ", beyond the " + genesis.totalCapacity() + "-byte capacity ("
                            + used + " used)" + which, "objectId", blob.id(), "size", size, "epoch", e, "used", used,
                            "capacity", genesis.totalCapacity());
                }
            }
            for (int e = blob.endEpoch(); e < blob.endEpoch() + n; e++) {
                added.merge(e, size, Long::sum);
            }
            long cost = info().storageCost(size, n);
            total = Math.addExact(total, cost);
            requireFunds(sender, total, calls.size() == 1 ? "extending " + size + " bytes by " + n + " epochs"
                    : "extending " + (i + 1) + " blob objects (up to " + blob.id() + ")");
            StorageResource s = blob.storage();
            BlobObject extended = blob.withStorage(new StorageResource(s.id(), s.startEpoch(), s.endEpoch() + n,
                    s.storageSize()));
            working.put(blob.id(), extended);
            EventId event = tx.event(new ChainEvent.BlobCertified(blob.certifiedEpoch(), blob.blobId(),
                    extended.endEpoch(), blob.deletable(), blob.id(), true));
            done.add(new Results.Extension(extended, cost, event, LedgerGas.extend(blob, extended)));
        }
        tx.charge(total);
        for (BlobObject b : working.values()) {
            tx.blobsPut.add(new TxEffects.OwnedBlob(sender, b));
        }
        tx.commit();
        return new Results.Extensions(done, total, tx.digest);
    }

    /**
     * Starts the next epoch (Walrus's {@code EpochChangeStart}): the committee is selected again from
     * the staked nodes ({@link CommitteeSelection}), the current one becomes the previous committee,
     * and {@code EpochChanged} is emitted. When no member gained a shard the change is done at once
     * ({@code EpochChangeDone} in the same transaction); otherwise the state is
     * {@code EpochChangeSync(0)} and every member of the new committee is awaited: each reports
     * through {@link #epochSyncDone} (a member that gained nothing at once, a gainer once it holds its
     * new shards), and the change is done when the members that reported hold a quorum of the shards
     * (Walrus's rule: 3w &ge; 2n + 1), so a minority of slow or stopped gainers never holds it back.
     *
     * @throws dev.walrusstream.chain.ChainException.RuleViolation {@link Rule#EPOCH_CHANGE_IN_PROGRESS} while the
     *         previous change is still syncing
     */
    public synchronized int advanceEpoch() {
        requireOpen();
        EpochState now = epochState();
        if (now.isSyncing()) {
            throw violation(Rule.EPOCH_CHANGE_IN_PROGRESS, "epoch " + now.epoch() + " is still syncing shards ("
                    + syncProgress() + "); the next epoch starts after EpochChangeDone",
                    "epoch", now.epoch(), "awaiting", state.staking.awaitingSync());
        }
        Tx tx = new Tx("advance_epoch", null);
        int next = state.epoch + 1;
        Committee current = committee();
        Committee selected = CommitteeSelection.next(current, state.staking.nodes(), next);
        List<ObjectId> gainers = CommitteeSelection.gainers(current, selected);
        List<ObjectId> awaiting = gainers.isEmpty() ? List.of()
                : selected.members().stream().map(StorageNodeInfo::nodeId).toList();
        tx.epoch = next;
        tx.event(new ChainEvent.EpochChanged(next));
        EpochState es;
        if (gainers.isEmpty()) {
            es = EpochState.done(next, tx.millis);
            tx.event(new ChainEvent.EpochChangeDone(next));
        } else {
            es = EpochState.syncing(next, 0, tx.millis);
        }
        tx.staking = new StakingState(state.staking.nodes(), selected, current, es, awaiting);
        tx.commit();
        return state.epoch;
    }

    /**
     * Member {@code nodeId} holds every shard it owns in {@code epoch} (Walrus's
     * {@code epoch_sync_done}): its shard count is added to the synced weight, and the report that
     * brings the weight to a quorum of the shards completes the change ({@code EpochChangeDone}).
     * A repeated report, or one after the change is done, changes nothing.
     */
    public synchronized EpochState epochSyncDone(ObjectId nodeId, int epoch) {
        requireOpen();
        Committee c = committee();
        int at = c.indexOf(nodeId);
        if (at < 0) {
            LOG.log(System.Logger.Level.WARNING, () -> "epoch_sync_done of epoch " + epoch + " from node " + nodeId
                    + " refused: not a member of the committee of epoch " + c.epoch());
            throw violation(Rule.NOT_IN_COMMITTEE, "node " + nodeId + " is not a member of the committee of epoch "
                    + c.epoch(), "nodeId", nodeId, "epoch", c.epoch());
        }
        String who = c.member(at).name() + " (" + nodeId + ", " + c.member(at).weight() + " shards)";
        EpochState es = epochState();
        if (epoch != state.epoch) {
            LOG.log(System.Logger.Level.WARNING, () -> "epoch_sync_done of epoch " + epoch + " from " + who
                    + " refused: wrong epoch, the current epoch is " + state.epoch + " (" + es + ")");
            throw violation(Rule.EPOCH_CHANGE_IN_PROGRESS, "node " + nodeId + " reported the sync of epoch " + epoch
                    + ", but the current epoch is " + state.epoch, "reported", epoch, "epoch", state.epoch);
        }
        List<ObjectId> awaiting = new ArrayList<>(state.staking.awaitingSync());
        if (!es.isSyncing()) {
            LOG.log(System.Logger.Level.INFO, () -> "epoch_sync_done of epoch " + epoch + " from " + who
                    + ": nothing to change, the change is already done");
            return es;
        }
        if (!awaiting.remove(nodeId)) {
            LOG.log(System.Logger.Level.INFO, () -> "epoch_sync_done of epoch " + epoch + " from " + who
                    + ": duplicate, already counted (synced weight " + es.syncedWeight() + ")");
            return es;
        }
        Tx tx = new Tx("epoch_sync_done", null);
        int weight = es.syncedWeight() + c.member(at).weight();
        EpochState next;
        if (c.isQuorum(weight)) {
            next = EpochState.done(epoch, tx.millis);
            tx.event(new ChainEvent.EpochChangeDone(epoch));
        } else {
            next = EpochState.syncing(epoch, weight, es.changedAtMillis());
        }
        StakingState s = state.staking;
        tx.staking = new StakingState(s.nodes(), s.committee(), s.previousCommittee(), next, awaiting);
        tx.commit();
        LOG.log(System.Logger.Level.INFO, () -> "epoch_sync_done of epoch " + epoch + " from " + who
                + ": accepted, synced weight " + weight + " of " + c.nShards() + " shards"
                + (next.isSyncing() ? "; still syncing (" + syncProgress() + ")" : "; quorum reached: EpochChangeDone"));
        return next;
    }

    /**
     * Where the current change's reports stand, for logs and refusals: the synced weight against the
     * quorum, and every member not yet reported with its name, node ID and shard count.
     */
    public synchronized String syncProgress() {
        return SyncProgress.describe(committee(), epochState(), state.staking.awaitingSync());
    }

    /** True when {@link #epochSyncDone}{@code (nodeId, epoch)} would complete the change now (it emits EpochChangeDone). */
    public synchronized boolean syncReportCompletes(ObjectId nodeId, int epoch) {
        Committee c = committee();
        int at = c.indexOf(nodeId);
        EpochState es = epochState();
        return at >= 0 && epoch == state.epoch && es.isSyncing() && state.staking.awaitingSync().contains(nodeId)
                && c.isQuorum(es.syncedWeight() + c.member(at).weight());
    }

    /**
     * Registers storage node {@code info} (its shards are ignored) with {@code stake}: it joins the
     * committee at the next epoch change if its stake earns it a shard.
     */
    public synchronized StakingState registerNode(StorageNodeInfo info, long stake) {
        requireOpen();
        if (state.staking.node(info.nodeId()).isPresent()) {
            throw violation(Rule.INVALID_ARGUMENT, "storage node " + info.nodeId() + " is already registered",
                    "nodeId", info.nodeId());
        }
        if (stake < 0) {
            throw violation(Rule.INVALID_ARGUMENT, "stake must not be negative, got " + stake + " for node "
                    + info.nodeId(), "stake", stake, "nodeId", info.nodeId());
        }
        Tx tx = new Tx("register_node", null);
        tx.staking = state.staking.withNode(new StakingState.Candidate(info, stake));
        tx.commit();
        return state.staking;
    }

    /**
     * Sets node {@code nodeId}'s stake, effective at the next epoch change (0: it leaves the committee
     * then). At least one node must keep stake.
     */
    public synchronized StakingState setStake(ObjectId nodeId, long stake) {
        requireOpen();
        StakingState.Candidate c = state.staking.node(nodeId).orElseThrow(() -> violation(Rule.NOT_IN_COMMITTEE,
                "no registered storage node " + nodeId, "nodeId", nodeId));
        if (stake < 0) {
            throw violation(Rule.INVALID_ARGUMENT, "stake must not be negative, got " + stake + " for node " + nodeId,
                    "stake", stake, "nodeId", nodeId);
        }
        StakingState next = state.staking.withNode(c.withStake(stake));
        if (next.totalStake() <= 0) {
            throw violation(Rule.INVALID_ARGUMENT, "taking node " + nodeId + "'s stake would leave no node staked",
                    "nodeId", nodeId);
        }
        Tx tx = new Tx("set_stake", null);
        tx.staking = next;
        tx.commit();
        return state.staking;
    }

    /** Moves {@code amount} of stake from {@code from} to {@code to} (both registered), in one transaction. */
    public synchronized StakingState moveStake(ObjectId from, ObjectId to, long amount) {
        requireOpen();
        StakingState.Candidate a = state.staking.node(from).orElseThrow(() -> violation(Rule.NOT_IN_COMMITTEE,
                "no registered storage node " + from, "nodeId", from));
        StakingState.Candidate b = state.staking.node(to).orElseThrow(() -> violation(Rule.NOT_IN_COMMITTEE,
                "no registered storage node " + to, "nodeId", to));
        if (amount <= 0 || amount > a.stake()) {
            throw violation(Rule.INVALID_ARGUMENT, "can move between 1 and " + a.stake() + " stake from node " + from
                    + ", asked " + amount, "amount", amount, "stake", a.stake());
        }
        Tx tx = new Tx("move_stake", null);
        tx.staking = state.staking.withNode(a.withStake(a.stake() - amount)).withNode(b.withStake(b.stake() + amount));
        tx.commit();
        return state.staking;
    }

    /** Development faucet: credits {@code amount} FROST to {@code address}. */
    public synchronized long fund(SuiAddress address, long amount) {
        requireOpen();
        if (amount <= 0) {
            throw violation(Rule.INVALID_ARGUMENT, "faucet amount must be positive, got " + amount, "amount", amount);
        }
        Tx tx = new Tx("faucet", address);
        tx.deltas.merge(address, amount, Long::sum);
        tx.commit();
        return state.balance(address);
    }

    /**
     * Development control: Walrus's storage and write prices change from the next transaction on, as a
     * price vote would change them on Walrus (tests of clients whose price snapshot went stale).
     */
    public synchronized ChainInfo setPrices(long storagePerUnit, long writePerUnit) {
        requireOpen();
        Tx tx = new Tx("set_prices", null);
        tx.prices = new TxEffects.Prices(storagePerUnit, writePerUnit);
        tx.commit();
        return info();
    }

    /**
     * Development control: takes up to {@code amount} FROST from an account, as spending it
     * elsewhere would (tests of a wallet that runs dry mid-stream); returns what was taken.
     */
    public synchronized long drain(SuiAddress address, long amount) {
        requireOpen();
        long take = Math.min(amount, state.balance(address));
        if (take <= 0) {
            return 0;
        }
        Tx tx = new Tx("drain", address);
        tx.deltas.merge(address, -take, Long::sum);
        tx.commit();
        return take;
    }

    // ---- queries ------------------------------------------------------------------------------

    public synchronized BlobStatus blobStatus(BlobId blobId) {
        return state.registrations.getOrDefault(blobId, BlobRegistrations.EMPTY).status(state.epoch);
    }

    public synchronized Optional<BlobObject> blobObject(ObjectId id) {
        TxEffects.OwnedBlob b = state.blobs.get(id);
        return b == null ? Optional.empty() : Optional.of(b.blob());
    }

    public synchronized List<BlobObject> ownedBlobObjects(SuiAddress owner, BlobId blobId) {
        return owner == null ? List.of() : state.blobsOf(owner, blobId);
    }

    /** Events after {@code after}; waits up to {@code wait} for one when there are none. */
    public synchronized EventPage events(EventCursor after, int limit, Duration wait) throws InterruptedException {
        long from;
        try {
            from = after.isStart() ? 0 : Long.parseLong(after.value());
        } catch (NumberFormatException e) {
            throw violation(Rule.INVALID_ARGUMENT, "event cursor '" + after.value() + "' was not issued by this LocalChain",
                    "cursor", after.value());
        }
        if (from < 0 || from > state.events.size()) {
            throw violation(Rule.INVALID_ARGUMENT, "event cursor " + from + " is beyond the " + state.events.size()
                    + " events of this LocalChain (was the ledger directory replaced?)", "cursor", from,
                    "events", state.events.size());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (state.events.size() <= from && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        int end = (int) Math.min(state.events.size(), from + Math.max(1, limit));
        List<EventRecord> page = new ArrayList<>(state.events.subList((int) from, end));
        EventCursor next = page.isEmpty() ? after : page.get(page.size() - 1).cursor();
        return new EventPage(page, next);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            journal.close();
            notifyAll();
        }
    }
}
