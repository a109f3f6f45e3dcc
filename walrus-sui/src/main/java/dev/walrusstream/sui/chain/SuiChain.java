package dev.walrusstream.sui.chain;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.chain.internal.EventFollower;
import dev.walrusstream.sui.chain.internal.Failures;
import dev.walrusstream.sui.chain.internal.NodeStatusQuery;
import dev.walrusstream.sui.chain.internal.WalrusView;
import dev.walrusstream.sui.chain.internal.WalrusWriter;
import dev.walrusstream.sui.config.SuiConfig;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.rpc.ServiceInfo;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.SuiEvent;
import dev.walrusstream.sui.rpc.SuiObject;
import dev.walrusstream.sui.walrus.StoragePrices;
import dev.walrusstream.sui.walrus.WalrusBlobAttributes;
import dev.walrusstream.sui.walrus.WalrusBlobObject;
import dev.walrusstream.sui.walrus.WalrusEvents;
import dev.walrusstream.sui.walrus.WalrusSystemSnapshot;
import dev.walrusstream.sui.walrus.WalrusSystemState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Chain} on Sui: Walrus's System and Staking objects give the committee (BLS keys,
 * shards, node addresses), the epoch and the prices; writes are the Walrus Move calls in the shape
 * of Walrus's Rust client ({@code reserve_space} + {@code register_blob} with the WAL coin charged
 * in place, {@code certify_blob}, {@code delete_blob}, {@code extend_blob}), WAL and gas coins
 * leased from coin pools (merged when one is not enough; concurrent writers never share a coin),
 * dry-run before paying and returning once checkpointed; events come from following checkpoints.
 * A blob's status comes from the storage nodes, as Walrus's client gets it.
 *
 * <p>Failures are {@link ChainException}s naming the phase: a refusal of Walrus's contract is the
 * {@link Rule} of the Move abort, a stale object version {@link Rule#STALE_OBJECT_VERSION}, too
 * little WAL {@link Rule#INSUFFICIENT_BALANCE}, too little SUI {@link Rule#INSUFFICIENT_GAS}; a
 * full node that does not answer {@link ChainException.Unavailable}. Without a key (read-only, as
 * storage nodes use it) writes fail with {@link Rule#NO_ACCOUNT}. Thread-safe.
 */
public final class SuiChain implements Chain {
    public static final String KIND = "sui";

    private final SuiConfig config;
    private final SuiClient client;
    private final WalrusView view;
    private final WalrusWriter writer;
    private final EventFollower events;
    private final NodeStatusQuery status;
    private volatile ServiceInfo service;

    private SuiChain(SuiConfig config, SuiChainOptions options, SuiClient client) {
        this.config = config;
        this.client = client;
        this.view = new WalrusView(client, config.walrusSystemObject(), config.walrusStakingObject(), options.cacheTtl());
        this.writer = config.isReadOnly() ? null : new WalrusWriter(client, config, view);
        this.events = new EventFollower(client, view::eventPackages, options.eventStart(), this::epochChanged);
        this.status = new NodeStatusQuery(options.nodeScheme(), options.nodeStatusTimeout());
    }

    /** Connects with the defaults for the configured network (no RPC is made yet). */
    public static SuiChain open(SuiConfig config) {
        return open(config, SuiChainOptions.defaults(config.network()));
    }

    public static SuiChain open(SuiConfig config, SuiChainOptions options) {
        SuiClient client = SuiClient.connect(config.endpoint(), config.clientOptions());
        try {
            return new SuiChain(config, options, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public SuiConfig config() {
        return config;
    }

    /** The gRPC client (for diagnostics: balances of SUI, transactions). */
    public SuiClient client() {
        return client;
    }

    private void epochChanged(ChainEvent.EpochChanged e) {
        view.invalidate();
    }

    private <T> T read(String what, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            throw Failures.map(what, e, config.walCoinType());
        }
    }

    // ---- reads -------------------------------------------------------------------------------

    @Override
    public ChainInfo info() {
        return read("info", () -> {
            WalrusSystemSnapshot s = view.snapshot();
            WalrusSystemState st = s.state();
            ServiceInfo si = serviceInfo();
            String description = (si.server().contains("LocalSui") ? si.server() : "Sui " + config.network()
                    + " (chain " + si.chainId() + ") via " + config.endpoint()) + "; Walrus System " + config.walrusSystemObject()
                    + ", package " + s.ref().packageId();
            return new ChainInfo(KIND, description, si.chainId(), st.nShards(), (int) st.epoch(),
                    st.prices().storagePricePerUnitSize(), st.prices().writePricePerUnitSize(),
                    st.maxEpochsAhead() > 0 ? st.maxEpochsAhead() : Integer.MAX_VALUE);
        });
    }

    private ServiceInfo serviceInfo() {
        ServiceInfo s = service;
        if (s == null) {
            s = client.serviceInfo();
            service = s;
        }
        return s;
    }

    @Override
    public dev.walrusstream.chain.EpochState epochState() {
        return read("epoch state", view::epochState);
    }

    @Override
    public Optional<Committee> previousCommittee() {
        return read("previous committee", view::previousCommittee);
    }

    @Override
    public Committee committee() {
        return read("committee", view::committee);
    }

    @Override
    public Optional<SuiAddress> account() {
        return writer == null ? Optional.empty() : Optional.of(writer.sender());
    }

    @Override
    public long balance(SuiAddress address) {
        return read("balance", () -> client.balance(address, config.walCoinType()).total());
    }

    @Override
    public BlobStatus blobStatus(BlobId blobId) {
        return read("blob status", () -> status.status(blobId, view.committee(), this::eventOf));
    }

    /** The Walrus event {@code id} names, if that transaction emitted one there. */
    private Optional<ChainEvent> eventOf(EventId id, BlobId unused) {
        Optional<ExecutedTransaction> tx = client.getTransaction(dev.walrusstream.sui.SuiDigest.parse(id.txDigest()));
        if (tx.isEmpty() || id.eventSeq() >= tx.get().events().size()) {
            return Optional.empty();
        }
        SuiEvent e = tx.get().events().get((int) id.eventSeq());
        String name = eventName(e.eventType());
        return name == null ? Optional.empty() : WalrusEvents.decode(name, e.contents());
    }

    private String eventName(String eventType) {
        String[] p = eventType.split("::");
        if (p.length != 3 || !p[1].equals(WalrusEvents.MODULE)) {
            return null;
        }
        return view.eventPackages().contains(ObjectId.parsePrefixed(p[0]).toString()) ? p[2] : null;
    }

    @Override
    public Optional<BlobObject> blobObject(ObjectId id) {
        return read("blob object", () -> client.findObject(id)
                .filter(o -> o.type().map(t -> t.equals(blobType())).orElse(false))
                .map(o -> toBlobObject(WalrusBlobObject.fromContents(o.requireContents()))));
    }

    /**
     * The attributes of a Blob object (its {@code Field<vector<u8>, Metadata>} dynamic field); empty when the
     * blob has none. Fails naming the ID when no Blob object has it.
     */
    public Optional<WalrusBlobAttributes> blobAttributes(ObjectId blobObjectId) {
        Optional<SuiObject> blob = read("blob object", () -> client.findObject(blobObjectId));
        if (blob.isEmpty() || !blob.get().type().map(t -> t.equals(blobType())).orElse(false)) {
            throw new IllegalArgumentException("object " + blobObjectId + " is not a Walrus Blob object"
                    + blob.map(o -> " (it is a " + o.type().orElse("?") + ")").orElse(" (it does not exist)"));
        }
        return read("blob attributes", () -> client.findObject(WalrusBlobAttributes.fieldId(blobObjectId))
                .map(f -> WalrusBlobAttributes.fromFieldContents(f.requireContents())));
    }

    @Override
    public List<BlobObject> ownedBlobObjects(BlobId blobId) {
        if (writer == null) {
            return List.of();
        }
        return read("owned blob objects", () -> {
            List<BlobObject> out = new ArrayList<>();
            Optional<byte[]> token = Optional.empty();
            do {
                var page = client.listOwnedObjects(writer.sender(), Optional.of(blobType()), 200, token);
                for (SuiObject o : page.items()) {
                    WalrusBlobObject b = WalrusBlobObject.fromContents(o.requireContents());
                    if (b.blobId().equals(blobId)) {
                        out.add(toBlobObject(b));
                    }
                }
                token = page.nextPageToken();
            } while (token.isPresent());
            return out;
        });
    }

    @Override
    public EventPage events(EventCursor after, int limit, Duration wait) {
        return events.events(after, limit, wait);
    }

    String blobType() {
        return view.typePackage() + "::blob::Blob";
    }

    private static BlobObject toBlobObject(WalrusBlobObject b) {
        return WalrusWriter.toBlobObject(b);
    }

    // ---- writes ------------------------------------------------------------------------------

    private WalrusWriter writer(String phase) {
        if (writer == null) {
            throw ChainException.violation(Rule.NO_ACCOUNT, phase + ": this Sui chain client is read-only (no sui.key "
                    + "configured)", "phase", phase);
        }
        return writer;
    }

    @Override
    public Results.Reservation reserveSpace(long storageSize, int epochsAhead) {
        return writer("reserve").reserveSpace(storageSize, epochsAhead);
    }

    @Override
    public Results.Registration registerBlob(ObjectId storageId, BlobId blobId, byte[] rootHash, long size,
                                             int encodingType, boolean deletable) {
        return writer("register").registerBlob(storageId, blobId, rootHash, size, encodingType, deletable);
    }

    @Override
    public Results.Registration reserveAndRegister(BlobId blobId, byte[] rootHash, long size, int encodingType,
                                                   boolean deletable, int epochsAhead) {
        WalrusWriter w = writer("register");
        int nShards = read("register", () -> view.snapshot().state().nShards());
        long encoded;
        try {
            encoded = RedStuffParams.of(nShards).encodedLength(size);
        } catch (CodecException | IllegalArgumentException e) {
            throw ChainException.violation(Rule.INVALID_ARGUMENT, "register: " + e.getMessage(), "phase", "register",
                    "size", size);
        }
        return w.reserveAndRegister(blobId, rootHash, size, encoded, encodingType, deletable, epochsAhead);
    }

    @Override
    public Results.Registrations registerBlobs(dev.walrusstream.chain.RegistrationBatch batch) {
        WalrusWriter w = writer("register");
        int nShards = read("register", () -> view.snapshot().state().nShards());
        return w.registerAll(batch, nShards);
    }

    @Override
    public Results.Certification certifyBlob(ObjectId blobObjectId, StorageCertificate certificate) {
        try {
            return writer("certify").certify(blobObjectId, certificate);
        } catch (ChainException.RuleViolation v) {
            if (v.rule() == Rule.EPOCH_MISMATCH) {
                view.invalidate(); // the committee of the new epoch must sign again
            }
            throw v;
        }
    }

    @Override
    public Results.Certifications certifyBlobs(dev.walrusstream.chain.CertificationBatch batch) {
        try {
            return writer("certify").certifyAll(batch);
        } catch (ChainException.RuleViolation v) {
            if (v.rule() == Rule.EPOCH_MISMATCH) {
                view.invalidate(); // the committee of the new epoch must sign again
            }
            throw v;
        }
    }

    @Override
    public Results.Deletion deleteBlob(ObjectId blobObjectId) {
        return writer("delete").delete(blobObjectId);
    }

    @Override
    public Results.Extension extendBlob(ObjectId blobObjectId, int extendedEpochs) {
        return writer("extend").extend(blobObjectId, extendedEpochs);
    }

    @Override
    public Results.Extensions extendBlobs(List<ObjectId> blobObjectIds, int extendedEpochs) {
        return writer("extend").extendAll(blobObjectIds, extendedEpochs);
    }

    /**
     * Walrus's {@code staking::epoch_sync_done} for storage node {@code nodeId}, signed with this client's key,
     * which must own the node's {@code StorageNodeCap} (a node runs its SuiChain with its own key). A repeated
     * report is harmless ({@code EDuplicateSyncDone} in the dry run: nothing is paid or changed).
     *
     * @throws ChainException.RuleViolation {@link Rule#NO_ACCOUNT} read-only, {@link Rule#NOT_OWNER} no cap of that
     *         node, {@link Rule#EPOCH_CHANGE_IN_PROGRESS} not the current epoch, {@link Rule#NOT_IN_COMMITTEE}
     */
    @Override
    public void epochSyncDone(ObjectId nodeId, int epoch) {
        WalrusWriter w = writer("epoch sync");
        ObjectId staking = config.walrusStakingObject().orElseThrow(() -> ChainException.violation(Rule.INVALID_ARGUMENT,
                "epoch sync: the Walrus Staking object is not configured (sui.walrus.staking-object)", "phase",
                "epoch sync"));
        w.epochSyncDone(nodeId, epoch, staking);
        view.invalidate();
    }

    /** WAL (FROST) a registration would cost at the current prices, without paying. */
    public long registrationCost(long encodedSize, int epochsAhead) {
        StoragePrices p = read("register", () -> view.snapshot().state().prices());
        return p.registrationCost(encodedSize, epochsAhead);
    }

    @Override
    public void close() {
        events.close();
        client.close();
    }

    @Override
    public String toString() {
        return "SuiChain[" + config.network() + " " + config.endpoint() + ", System " + config.walrusSystemObject()
                + (writer == null ? ", read-only" : ", account " + writer.sender()) + "]";
    }
}
