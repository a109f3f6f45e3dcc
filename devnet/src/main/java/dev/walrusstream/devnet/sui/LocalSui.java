package dev.walrusstream.devnet.sui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.devnet.ledger.LocalLedger;
import dev.walrusstream.devnet.ledger.CommitteeSelection;
import dev.walrusstream.devnet.ledger.EpochClock;
import dev.walrusstream.devnet.ledger.StakingState;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.sui.rpc.Owner;
import java.time.Duration;
import dev.walrusstream.devnet.ledger.TxEffects;
import dev.walrusstream.devnet.ledger.LedgerGenesis;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.devnet.sui.internal.GenesisObjects;
import dev.walrusstream.devnet.sui.internal.LocalSuiConstants;
import dev.walrusstream.devnet.sui.internal.ObjectStore;
import dev.walrusstream.devnet.sui.Refusal;
import dev.walrusstream.devnet.sui.internal.StoredObject;
import dev.walrusstream.devnet.sui.internal.TxJournal;
import dev.walrusstream.devnet.sui.internal.TxRunner;
import dev.walrusstream.devnet.sui.internal.MoveFunctions;
import dev.walrusstream.devnet.sui.internal.TransactionResolver;
import dev.walrusstream.devnet.sui.internal.WalrusObjects;
import dev.walrusstream.sui.rpc.proto.Checkpoint;
import dev.walrusstream.sui.rpc.proto.CheckpointSummary;
import dev.walrusstream.sui.rpc.proto.ExecutedTransaction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * LocalChain as a Sui ledger: Walrus's objects (System, Staking and their inner state, staking
 * pools, Blob and Storage objects, WAL and SUI coins) with versions, owners and digests, signed
 * programmable transactions validated as Sui validators do and executed by LocalChain's rule
 * engine ({@link LocalLedger}), gas charged in SUI, events, and one checkpoint per transaction.
 * {@link LocalSuiGrpcServer} serves it over the {@code sui.rpc.v2} gRPC subset, so the same client code
 * ({@code SuiChain}) runs against it as against Sui.
 *
 * <p>Every Sui transaction is journalled atomically with its LocalChain transaction (as that
 * transaction's attachment), so a directory reopens with the same objects, transactions and
 * checkpoints. <b>It is not Sui</b>: one process, nothing replicated, no consensus, checkpoints
 * are not signed, and its WAL and SUI have no value. Thread-safe.
 */
public final class LocalSui implements AutoCloseable {
    public static final String SETTINGS_FILE = "sui.json";
    public static final String DESCRIPTION = "LocalChain served as a Sui ledger on this machine (a development ledger "
            + "that applies Walrus's rules; not Sui: nothing is replicated, checkpoints are not signed, WAL and SUI "
            + "here have no value)";

    private static final System.Logger LOG = System.getLogger(LocalSui.class.getName());

    private record CheckpointEntry(long sequence, SuiDigest digest, SuiDigest previous, ExecutedTransaction tx,
                                   long timestampMillis) {
    }

    private final LocalLedger ledger;
    private final LocalSuiIds ids;
    private final LocalSuiOptions options;
    private final long genesisMillis;
    private final ObjectStore store = new ObjectStore();
    private final Map<SuiDigest, ExecutedTransaction> transactions = new HashMap<>();
    private final List<CheckpointEntry> checkpoints = new ArrayList<>();
    private final List<Consumer<Checkpoint>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier;
    private final EpochClock epochClock;
    private final Duration epochDuration;
    private final TxRunner runner;
    private final MoveFunctions functions;
    private final TransactionResolver resolver;
    private final Set<ObjectId> derived;
    private final Map<ObjectId, SuiAddress> genesisOperators;
    private long epochStartMillis;
    private boolean closed;

    private LocalSui(LocalLedger ledger, LocalSuiOptions options, long genesisMillis, Duration epochDuration,
                     Runnable beforeChange, Map<ObjectId, SuiAddress> genesisOperators) {
        this.ledger = ledger;
        this.genesisOperators = Map.copyOf(genesisOperators);
        this.ids = LocalSuiIds.of(ledger.genesis().chainId());
        this.options = options;
        this.genesisMillis = genesisMillis;
        this.epochStartMillis = genesisMillis;
        this.derived = Set.of(ids.systemInnerField(), ids.stakingInnerField());
        this.runner = new TxRunner(store, ledger, ids, options.referenceGasPrice(), derived);
        this.functions = new MoveFunctions(ids);
        this.resolver = new TransactionResolver(new TransactionResolver.Ledger() {
            @Override
            public Optional<StoredObject> object(ObjectId id) {
                return Optional.ofNullable(store.get(id));
            }

            @Override
            public List<StoredObject> owned(SuiAddress owner, Optional<String> type) {
                return store.owned(owner, type);
            }

            @Override
            public long referenceGasPrice() {
                return options.referenceGasPrice();
            }

            @Override
            public ExecutedTransaction dryRun(byte[] txBcs) throws Refusal {
                return runner.run(txBcs, null, System.currentTimeMillis()).entry().executed();
            }
        }, functions);
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-sui-checkpoints");
            t.setDaemon(true);
            return t;
        });
        this.epochDuration = epochDuration != null ? epochDuration
                : Duration.ofMillis(ledger.genesis().epochDurationMillis());
        epochClock = this.epochDuration.isZero() ? null
                : new EpochClock("local-sui", this.epochDuration, this::advanceEpoch, beforeChange);
    }

    /** Creates a ledger in {@code dir} (LocalChain's genesis and journal, plus {@code sui.json}). */
    public static LocalSui create(Path dir, LedgerGenesis genesis, LocalSuiOptions options) throws IOException {
        return create(dir, genesis, options, Map.of());
    }

    /**
     * As {@link #create(Path, LedgerGenesis, LocalSuiOptions)}; each genesis member named in {@code operators} gets
     * its {@code StorageNodeCap} at genesis, owned by that address.
     */
    public static LocalSui create(Path dir, LedgerGenesis genesis, LocalSuiOptions options,
                                  Map<ObjectId, SuiAddress> operators) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(SETTINGS_FILE)) || Files.exists(dir.resolve(LocalLedger.GENESIS_FILE))) {
            throw new IOException("a ledger already exists in " + dir);
        }
        LocalLedger.create(dir, genesis).close();
        writeSettings(dir, options, operators);
        return open(dir);
    }

    /**
     * Makes the LocalChain directory {@code dir} (a genesis, no transactions yet, as
     * {@code LocalChain.create} leaves it) a local Sui ledger.
     */
    public static LocalSui createFrom(Path dir, LocalSuiOptions options) throws IOException {
        return createFrom(dir, options, Map.of());
    }

    /**
     * As {@link #createFrom(Path, LocalSuiOptions)}; each genesis member named in {@code operators} gets its
     * {@code StorageNodeCap} at genesis, owned by that Sui address (the key its node signs
     * {@code epoch_sync_done} with). Members without one have no cap.
     */
    public static LocalSui createFrom(Path dir, LocalSuiOptions options, Map<ObjectId, SuiAddress> operators)
            throws IOException {
        if (exists(dir)) {
            throw new IOException("a local Sui ledger already exists in " + dir);
        }
        if (!Files.isRegularFile(dir.resolve(LocalLedger.GENESIS_FILE))) {
            throw new IOException("no LocalChain genesis in " + dir);
        }
        Path journal = dir.resolve(LocalLedger.JOURNAL_FILE);
        if (Files.exists(journal) && Files.size(journal) > 0) {
            throw new IOException("the LocalChain in " + dir + " already has transactions made without the Sui front "
                    + "end; a local Sui ledger needs a fresh one");
        }
        writeSettings(dir, options, operators);
        return open(dir);
    }

    private static void writeSettings(Path dir, LocalSuiOptions options) throws IOException {
        writeSettings(dir, options, Map.of());
    }

    private static void writeSettings(Path dir, LocalSuiOptions options, Map<ObjectId, SuiAddress> operators)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode settings = json.createObjectNode().put("referenceGasPrice", options.referenceGasPrice())
                .put("walCoinsPerAccount", options.walCoinsPerAccount())
                .put("suiCoinsPerAccount", options.suiCoinsPerAccount()).put("suiPerCoin", options.suiPerCoin())
                .put("genesisMillis", System.currentTimeMillis()).put("note", DESCRIPTION);
        ObjectNode ops = settings.putObject("nodeOperators");
        operators.forEach((node, owner) -> ops.put(node.toString(), owner.toString()));
        Path tmp = dir.resolve(SETTINGS_FILE + ".tmp");
        Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
        Files.move(tmp, dir.resolve(SETTINGS_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(SETTINGS_FILE));
    }

    /** Opens the ledger in {@code dir}, replaying its journal. */
    public static LocalSui open(Path dir) throws IOException {
        return open(dir, null, () -> {
        });
    }

    /**
     * Opens the ledger in {@code dir}; epochs last {@code epochDuration} (null: as the genesis says; zero:
     * they change only when asked) and {@code beforeChange} runs before each timed change.
     */
    public static LocalSui open(Path dir, Duration epochDuration, Runnable beforeChange) throws IOException {
        Path file = dir.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no local Sui ledger in " + dir + ": " + file + " is missing"
                    + (Files.exists(dir.resolve(LocalLedger.GENESIS_FILE))
                    ? " (this is a LocalChain directory for the HTTP service; create a new one for Sui)" : ""));
        }
        JsonNode s = new ObjectMapper().readTree(file.toFile());
        LocalSuiOptions options = new LocalSuiOptions(s.path("referenceGasPrice").asLong(),
                s.path("walCoinsPerAccount").asInt(), s.path("suiCoinsPerAccount").asInt(), s.path("suiPerCoin").asLong());
        Map<ObjectId, SuiAddress> operators = new HashMap<>();
        s.path("nodeOperators").fields().forEachRemaining(e -> operators.put(ObjectId.parsePrefixed(e.getKey()),
                SuiAddress.parsePrefixed(e.getValue().asText())));
        List<TxEffects> replayed = new ArrayList<>();
        LocalLedger ledger = LocalLedger.open(dir, replayed::add);
        LocalSui sui;
        try {
            sui = new LocalSui(ledger, options, s.path("genesisMillis").asLong(), epochDuration, beforeChange,
                    operators);
            sui.replay(replayed);
        } catch (RuntimeException e) {
            ledger.close();
            throw new IOException("cannot open the local Sui ledger in " + dir + ": " + e.getMessage(), e);
        }
        return sui;
    }

    private void replay(List<TxEffects> replayed) {
        for (StoredObject o : GenesisObjects.of(ids, ledger.genesis(), options, genesisMillis,
                genesisOperators)) {
            store.put(o);
        }
        SuiDigest genesis = GenesisObjects.genesisDigest(ids);
        addCheckpoint(ExecutedTransaction.newBuilder().setDigest(genesis.toString())
                .setTimestamp(dev.walrusstream.devnet.sui.internal.Protos.timestamp(genesisMillis)).build(), genesisMillis);
        for (TxEffects fx : replayed) {
            if (fx.attachment() == null) {
                throw new IllegalStateException("LocalChain transaction " + fx.seq() + " (" + fx.kind() + ") was not "
                        + "made through the Sui front end");
            }
            TxJournal.Entry e = TxJournal.fromJson(fx.attachment(), store::get);
            if (fx.kind().equals("advance_epoch")) {
                epochStartMillis = e.timestampMillis();
            }
            apply(e, false);
        }
        refreshDerived();
    }

    public LocalSuiIds ids() {
        return ids;
    }

    public LedgerGenesis genesis() {
        return ledger.genesis();
    }

    public long referenceGasPrice() {
        return options.referenceGasPrice();
    }

    /** Walrus's current epoch. */
    public synchronized int walrusEpoch() {
        return ledger.info().epoch();
    }

    public synchronized Committee committee() {
        return ledger.committee();
    }

    public synchronized ChainInfo info() {
        return ledger.info();
    }

    /** WAL (FROST) the address holds according to LocalChain (the sum of its WAL coins). */
    public synchronized long walBalance(SuiAddress address) {
        return ledger.balance(address);
    }

    // ---- transactions ------------------------------------------------------------------------

    /**
     * Validates, executes and commits a signed transaction; returns its effects and events (a failed
     * execution too: it paid gas). Re-submitting an executed transaction returns its effects again.
     *
     * @throws Refusal what a validator refuses before executing (nothing changes)
     */
    public synchronized ExecutedTransaction execute(byte[] txBcs, List<byte[]> signatures) throws Refusal {
        requireOpen();
        SuiDigest digest = dev.walrusstream.sui.tx.TransactionData.digestOf(txBcs);
        ExecutedTransaction done = transactions.get(digest);
        if (done != null) {
            return done;
        }
        TxRunner.Result r = runner.run(txBcs, signatures, System.currentTimeMillis());
        TxJournal.Entry entry = r.entry();
        JsonNode attachment = TxJournal.toJson(entry, derived);
        if (r.success() && r.ledgerCommit() != null) {
            ledger.withAttachment(attachment, r.ledgerCommit());
        } else {
            ledger.record(r.success() ? "sui_transaction" : "sui_failed_transaction", r.sender(),
                    attachment);
        }
        apply(entry, true);
        return entry.executed();
    }

    /** Runs every check and the execution without committing anything; no signature needed. */
    public synchronized ExecutedTransaction simulate(byte[] txBcs) throws Refusal {
        requireOpen();
        return runner.run(txBcs, null, System.currentTimeMillis()).entry().executed();
    }

    /**
     * Simulates a transaction as the SDKs send it: structured and unresolved (object inputs by ID, gas left
     * to the server when {@code doGasSelection}) or as BCS. The answer's transaction is the resolved one,
     * structured and as BCS; with {@code checks} off, a transaction that cannot run (no gas coins, say) still
     * comes back resolved, without effects.
     */
    public synchronized ExecutedTransaction simulate(dev.walrusstream.sui.rpc.proto.Transaction transaction,
                                                     boolean doGasSelection, boolean checks) throws Refusal {
        requireOpen();
        TransactionResolver.Resolved r = resolver.resolve(transaction, doGasSelection);
        byte[] bcs = r.tx().toBcs();
        ExecutedTransaction executed;
        try {
            executed = runner.run(bcs, null, System.currentTimeMillis()).entry().executed();
        } catch (Refusal refusal) {
            if (checks) {
                throw refusal;
            }
            executed = ExecutedTransaction.newBuilder().setDigest(r.tx().digest().toString()).build();
        }
        return executed.toBuilder().setTransaction(dev.walrusstream.sui.rpc.TransactionProtos.toProto(r.tx())).build();
    }

    /**
     * Moves Walrus to the next epoch: the committee is selected again from the staked nodes
     * (LocalChain's rules); emits EpochChangeStart, and EpochChangeDone at once when no member gained
     * a shard (otherwise when members holding a quorum of the shards reported through {@link #epochSyncDone}).
     */
    public synchronized int advanceEpoch() {
        requireOpen();
        long now = System.currentTimeMillis();
        int next = ledger.info().epoch() + 1;
        if (ledger.epochState().isSyncing()) {
            return ledger.advanceEpoch(); // refused, naming the members still syncing
        }
        Committee selected = CommitteeSelection.next(ledger.committee(), ledger.staking().nodes(), next);
        boolean doneAtOnce = CommitteeSelection.gainers(ledger.committee(), selected).isEmpty();
        TxJournal.Entry entry = runner.epochChange(next, doneAtOnce, ledger.lastTxSeq(), now);
        ledger.withAttachment(TxJournal.toJson(entry, derived), ledger::advanceEpoch);
        epochStartMillis = now;
        apply(entry, true);
        return next;
    }

    /** Where the current epoch change stands. */
    public synchronized EpochState epochState() {
        return ledger.epochState();
    }

    public synchronized Optional<Committee> previousCommittee() {
        return ledger.previousCommittee();
    }

    public synchronized StakingState staking() {
        return ledger.staking();
    }

    /** Member {@code nodeId} reports it holds the shards it gained in {@code epoch}; see LocalLedger. */
    public synchronized EpochState epochSyncDone(dev.walrusstream.codec.ids.ObjectId nodeId, int epoch) {
        requireOpen();
        StakingState s = ledger.staking();
        if (epoch != ledger.info().epoch() || !ledger.epochState().isSyncing() || !s.awaitingSync().contains(nodeId)) {
            return ledger.epochSyncDone(nodeId, epoch); // refused, or nothing to change
        }
        boolean last = ledger.syncReportCompletes(nodeId, epoch);
        TxJournal.Entry entry = runner.epochSyncDone(ObjectId.of(nodeId.bytes()), epoch, last, ledger.lastTxSeq(),
                System.currentTimeMillis());
        EpochState out = ledger.withAttachment(TxJournal.toJson(entry, derived), () -> ledger.epochSyncDone(nodeId, epoch));
        apply(entry, true);
        return out;
    }

    /**
     * Development control: registers a storage node with a stake (its StakingPool appears, no StorageNodeCap);
     * joins at the next epoch.
     */
    public synchronized void registerNode(StorageNodeInfo node, long stake) {
        registerNode(node, stake, null);
    }

    /**
     * Development control: registers a storage node with a stake, as Walrus's {@code register_candidate} does: its
     * StakingPool appears and its {@code StorageNodeCap} goes to {@code operator} (none when null), the address
     * whose key signs the node's {@code epoch_sync_done}. It joins at the next epoch.
     */
    public synchronized void registerNode(StorageNodeInfo node, long stake, SuiAddress operator) {
        requireOpen();
        ledger.dryRun(() -> ledger.registerNode(node, stake));
        List<TxRunner.StoredObjectDraft> created = new ArrayList<>();
        created.add(new TxRunner.StoredObjectDraft(ObjectId.of(node.nodeId().bytes()),
                new Owner.ObjectOwner(ids.poolsTable()), WalrusObjects.poolType(ids),
                WalrusObjects.pool(ids, node, ledger.info(), ledger.info().epoch())));
        if (operator != null) {
            ObjectId cap = dev.walrusstream.devnet.sui.internal.NodeCaps.capId(ids, node.nodeId());
            created.add(new TxRunner.StoredObjectDraft(cap, new Owner.AddressOwner(operator),
                    dev.walrusstream.devnet.sui.internal.NodeCaps.capType(ids),
                    dev.walrusstream.devnet.sui.internal.NodeCaps.contents(cap, node.nodeId(), 0)));
        }
        TxJournal.Entry entry = runner.stakingChange("register node " + node.nodeId(), created, ledger.lastTxSeq(),
                System.currentTimeMillis());
        ledger.withAttachment(TxJournal.toJson(entry, derived), () -> ledger.registerNode(node, stake));
        apply(entry, true);
    }

    /** Development control: sets a node's stake (effective at the next epoch). */
    public synchronized void setStake(dev.walrusstream.codec.ids.ObjectId nodeId, long stake) {
        requireOpen();
        ledger.dryRun(() -> ledger.setStake(nodeId, stake));
        TxJournal.Entry entry = runner.stakingChange("set stake " + nodeId + " " + stake, List.of(), ledger.lastTxSeq(),
                System.currentTimeMillis());
        ledger.withAttachment(TxJournal.toJson(entry, derived), () -> ledger.setStake(nodeId, stake));
        apply(entry, true);
    }

    /** Development control: moves stake between registered nodes (effective at the next epoch). */
    public synchronized void moveStake(dev.walrusstream.codec.ids.ObjectId from, dev.walrusstream.codec.ids.ObjectId to,
                                       long amount) {
        requireOpen();
        ledger.dryRun(() -> ledger.moveStake(from, to, amount));
        TxJournal.Entry entry = runner.stakingChange("move stake " + from + " " + to + " " + amount, List.of(),
                ledger.lastTxSeq(), System.currentTimeMillis());
        ledger.withAttachment(TxJournal.toJson(entry, derived), () -> ledger.moveStake(from, to, amount));
        apply(entry, true);
    }

    /** Development faucet: a new WAL coin of {@code amount} FROST for {@code owner}. */
    public synchronized ObjectId mintWal(SuiAddress owner, long amount) {
        return mint(owner, amount, ids.walCoinType());
    }

    /** Development faucet: a new SUI coin of {@code amount} MIST for {@code owner}. */
    public synchronized ObjectId mintSui(SuiAddress owner, long amount) {
        return mint(owner, amount, dev.walrusstream.devnet.sui.internal.LocalSuiConstants.SUI_COIN_TYPE);
    }

    /**
     * Development faucet: a new coin of {@code amount} of any {@code coinType} (WAL and SUI too) for {@code owner},
     * as a test that pages through many coins, or pays with a token of its own, needs.
     */
    public synchronized ObjectId mintCoin(SuiAddress owner, String coinType, long amount) {
        return mint(owner, amount, dev.walrusstream.sui.tx.TypeTag.parse(coinType).toCanonicalString());
    }

    private ObjectId mint(SuiAddress owner, long amount, String coinType) {
        requireOpen();
        if (amount <= 0) {
            throw new IllegalArgumentException("faucet amount must be positive, got " + amount);
        }
        TxJournal.Entry entry = runner.mint(owner, amount, coinType, ledger.lastTxSeq(), System.currentTimeMillis());
        JsonNode attachment = TxJournal.toJson(entry, derived);
        if (coinType.equals(ids.walCoinType())) {
            ledger.withAttachment(attachment, () -> ledger.fund(owner, amount));
        } else {
            ledger.record("sui_faucet", null, attachment);
        }
        apply(entry, true);
        return entry.writes().get(0).id();
    }

    /**
     * Development control: plants an object of any Move {@code type} (canonicalised) with the BCS {@code contents}
     * for {@code owner}, as a system transaction; returns its ID. For objects no Walrus function makes, such as a
     * very large one to test a client's message limits.
     */
    public synchronized ObjectId plantObject(Owner owner, String type, byte[] contents) {
        String canonical = dev.walrusstream.sui.tx.TypeTag.parse(type).toCanonicalString();
        byte[] copy = contents.clone();
        return plant(null, owner, canonical, id -> copy, "plant " + canonical + " " + copy.length + " bytes");
    }

    /**
     * Development control: plants a Move package at {@code packageId} every function of which aborts with
     * {@code abortCode} (a Move abort in {@code module::function} of that package, gas paid), for tests of how a
     * client reports failed transactions.
     */
    public synchronized void plantAbortingPackage(ObjectId packageId, long abortCode) {
        plant(packageId, new Owner.Immutable(), LocalSuiConstants.PACKAGE_TYPE,
                id -> new BcsWriter(8).u64(abortCode).toByteArray(), "plant aborting package " + packageId);
    }

    private ObjectId plant(ObjectId id, Owner owner, String type, java.util.function.Function<ObjectId, byte[]> contents,
                           String what) {
        requireOpen();
        TxJournal.Entry entry = runner.plant(id, owner, type, contents, what, ledger.lastTxSeq(),
                System.currentTimeMillis());
        ledger.record("sui_plant", null, TxJournal.toJson(entry, derived));
        apply(entry, true);
        return entry.writes().get(0).id();
    }

    /**
     * Development control: Walrus's storage and write prices (FROST per MiB unit) change from now on, as a price
     * vote would change them; the System object's inner state shows them at once.
     */
    public synchronized void setPrices(long storagePerUnit, long writePerUnit) {
        requireOpen();
        ledger.dryRun(() -> ledger.setPrices(storagePerUnit, writePerUnit));
        TxJournal.Entry entry = runner.priceChange(storagePerUnit, writePerUnit, ledger.lastTxSeq(),
                System.currentTimeMillis());
        ledger.withAttachment(TxJournal.toJson(entry, derived), () -> ledger.setPrices(storagePerUnit, writePerUnit));
        apply(entry, true);
    }

    private void apply(TxJournal.Entry e, boolean live) {
        for (StoredObject w : e.writes()) {
            store.put(w);
        }
        for (ObjectId d : e.deleted()) {
            store.remove(d);
        }
        if (live) {
            refreshDerived();
        }
        addCheckpoint(e.executed(), e.timestampMillis());
    }

    private void addCheckpoint(ExecutedTransaction executed, long timestampMillis) {
        long seq = checkpoints.size();
        SuiDigest previous = seq == 0 ? null : checkpoints.get((int) seq - 1).digest();
        SuiDigest digest = SuiDigest.of(new Blake2b256().update(new BcsWriter(8).u64(seq).toByteArray())
                .update(previous == null ? new byte[32] : previous.bytes())
                .update(SuiDigest.parse(executed.getDigest()).bytes()).finish());
        ExecutedTransaction sealed = executed.toBuilder().setCheckpoint(seq).build();
        transactions.put(SuiDigest.parse(executed.getDigest()), sealed);
        CheckpointEntry entry = new CheckpointEntry(seq, digest, previous, sealed, timestampMillis);
        checkpoints.add(entry);
        if (!subscribers.isEmpty()) {
            Checkpoint cp = checkpointProto(entry);
            notifier.execute(() -> subscribers.forEach(s -> s.accept(cp)));
        }
    }

    /** Rewrites the contents of Walrus's inner-state fields from LocalChain's current state. */
    private void refreshDerived() {
        Committee committee = ledger.committee();
        ChainInfo info = ledger.info();
        replaceContents(ids.systemInnerField(), WalrusObjects.systemInner(ids, committee, info,
                ledger.genesis().totalCapacity(), ledger.usedCapacity()));
        replaceContents(ids.stakingInnerField(), WalrusObjects.stakingInner(ids, committee,
                ledger.previousCommittee().orElse(null), ledger.epochState(), epochDuration.toMillis(),
                epochStartMillis));
    }

    private void replaceContents(ObjectId id, byte[] contents) {
        StoredObject o = store.get(id);
        store.put(new StoredObject(o.id(), o.version(), o.digest(), o.owner(), o.type(), contents, o.storageCost(),
                o.previousTransaction()));
    }

    // ---- queries -----------------------------------------------------------------------------

    /**
     * The {@code StorageNodeCap} of node {@code nodeId} (its owner is the operator; its contents hold
     * {@code last_epoch_sync_done}), if the node was registered with one.
     */
    public synchronized Optional<StoredObject> nodeCap(ObjectId nodeId) {
        return Optional.ofNullable(store.get(dev.walrusstream.devnet.sui.internal.NodeCaps.capId(ids, nodeId)));
    }

    /** The last epoch whose sync node {@code nodeId} reported through its cap (0: never; empty: it has no cap). */
    public synchronized java.util.OptionalLong lastEpochSyncDone(ObjectId nodeId) {
        StoredObject cap = store.get(dev.walrusstream.devnet.sui.internal.NodeCaps.capId(ids, nodeId));
        return cap == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(dev.walrusstream.devnet.sui.internal.NodeCaps.read(cap.contents())
                        .lastEpochSyncDone());
    }

    /**
     * Every signed {@code staking::epoch_sync_done} transaction the ledger executed (successful or failed), in
     * checkpoint order, read back from the journalled transactions: the proof that a report came from the node's
     * own key (refused transactions never reach the journal).
     */
    public synchronized List<SyncReport> syncReports() {
        List<SyncReport> out = new ArrayList<>();
        for (CheckpointEntry c : checkpoints) {
            ExecutedTransaction tx = c.tx();
            if (!tx.hasTransaction() || !tx.getTransaction().hasBcs()) {
                continue;
            }
            dev.walrusstream.sui.tx.TransactionData data = dev.walrusstream.sui.tx.TransactionData.fromBcs(
                    tx.getTransaction().getBcs().getValue().toByteArray());
            for (dev.walrusstream.sui.tx.Command cmd : data.kind().commands()) {
                if (cmd instanceof dev.walrusstream.sui.tx.Command.MoveCall call && call.module().equals("staking")
                        && call.function().equals("epoch_sync_done") && call.arguments().size() == 4
                        && call.arguments().get(1) instanceof dev.walrusstream.sui.tx.Argument.Input capIn
                        && call.arguments().get(2) instanceof dev.walrusstream.sui.tx.Argument.Input epochIn
                        && data.kind().inputs().get(capIn.index())
                                instanceof dev.walrusstream.sui.tx.CallArg.ImmOrOwnedObject cap
                        && data.kind().inputs().get(epochIn.index()) instanceof dev.walrusstream.sui.tx.CallArg.Pure p
                        && p.bcs().length == 4) {
                    StoredObject capObject = store.get(cap.ref().objectId());
                    ObjectId node = capObject == null ? null
                            : dev.walrusstream.devnet.sui.internal.NodeCaps.read(capObject.contents()).nodeId();
                    long epoch = new dev.walrusstream.codec.bcs.BcsReader(p.bcs()).u32();
                    out.add(new SyncReport(SuiDigest.parse(tx.getDigest()), data.sender(), cap.ref().objectId(), node,
                            epoch, tx.getEffects().getStatus().getSuccess(), c.sequence()));
                }
            }
        }
        return out;
    }

    /** Every executed transaction in checkpoint order (genesis first), for tests and diagnostics. */
    public synchronized List<ExecutedTransaction> transactions() {
        List<ExecutedTransaction> out = new ArrayList<>(checkpoints.size());
        checkpoints.forEach(c -> out.add(c.tx()));
        return out;
    }

    public synchronized Optional<StoredObject> object(ObjectId id) {
        return Optional.ofNullable(store.get(id));
    }

    public synchronized List<StoredObject> owned(SuiAddress owner, Optional<String> type) {
        return store.owned(owner, type);
    }

    /** An executed transaction with its checkpoint. */
    public synchronized Optional<ExecutedTransaction> transaction(SuiDigest digest) {
        return Optional.ofNullable(transactions.get(digest));
    }

    public synchronized Optional<Checkpoint> checkpoint(long sequence) {
        if (sequence < 0 || sequence >= checkpoints.size()) {
            return Optional.empty();
        }
        return Optional.of(checkpointProto(checkpoints.get((int) sequence)));
    }

    public synchronized Checkpoint latestCheckpoint() {
        return checkpointProto(checkpoints.get(checkpoints.size() - 1));
    }

    /**
     * SUI (MIST) the transactions of checkpoints {@code (after, upTo]} paid for gas: computation +
     * storage − storage rebate, as their effects report it (one transaction per checkpoint).
     */
    public synchronized long gasUsed(long after, long upTo) {
        long sum = 0;
        for (long s = Math.max(after + 1, 0); s <= Math.min(upTo, checkpoints.size() - 1L); s++) {
            ExecutedTransaction tx = checkpoints.get((int) s).tx();
            if (tx != null && tx.hasEffects() && tx.getEffects().hasGasUsed()) {
                var g = tx.getEffects().getGasUsed();
                sum += g.getComputationCost() + g.getStorageCost() - g.getStorageRebate();
            }
        }
        return sum;
    }

    /** Sequence number of the newest checkpoint. */
    public synchronized long checkpointHeight() {
        return checkpoints.size() - 1L;
    }

    /** The chain ID as Sui gives it: the genesis checkpoint's digest in Base58. */
    public synchronized String chainIdentifier() {
        return checkpoints.get(0).digest().toString();
    }

    /** Each new checkpoint, in order, on a notification thread. */
    public void subscribe(Consumer<Checkpoint> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<Checkpoint> subscriber) {
        subscribers.remove(subscriber);
    }

    private static Checkpoint checkpointProto(CheckpointEntry e) {
        CheckpointSummary.Builder summary = CheckpointSummary.newBuilder().setDigest(e.digest().toString())
                .setEpoch(dev.walrusstream.devnet.sui.internal.LocalSuiConstants.SUI_EPOCH).setSequenceNumber(e.sequence())
                .setTotalNetworkTransactions(e.sequence() + 1)
                .setTimestamp(dev.walrusstream.devnet.sui.internal.Protos.timestamp(e.timestampMillis()));
        if (e.previous() != null) {
            summary.setPreviousDigest(e.previous().toString());
        }
        return Checkpoint.newBuilder().setSequenceNumber(e.sequence()).setDigest(e.digest().toString())
                .setSummary(summary).addTransactions(e.tx()).build();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the local Sui ledger is closed");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (epochClock != null) {
            epochClock.close();
        }
        notifier.shutdown();
        synchronized (this) {
            ledger.close();
        }
    }

    @Override
    public String toString() {
        return "LocalSui[" + ids.chainId() + "] (" + DESCRIPTION + ")";
    }
}
