package dev.walrusstream.sui.chain.internal;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.coins.CoinLease;
import dev.walrusstream.sui.coins.CoinPool;
import dev.walrusstream.sui.config.SuiConfig;
import dev.walrusstream.sui.config.SuiServices;
import dev.walrusstream.sui.exec.TransactionExecutor;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.ChangedObject;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.SuiObject;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.PtbBuilder;
import dev.walrusstream.sui.tx.Pure;
import dev.walrusstream.sui.walrus.BlobCertificate;
import dev.walrusstream.sui.walrus.BlobRegistration;
import dev.walrusstream.sui.walrus.StoragePrices;
import dev.walrusstream.sui.walrus.WalCoinArgument;
import dev.walrusstream.sui.walrus.WalrusBlobObject;
import dev.walrusstream.sui.walrus.WalrusCalls;
import dev.walrusstream.sui.walrus.WalrusEvents;
import dev.walrusstream.sui.walrus.WalrusSystemSnapshot;
import dev.walrusstream.sui.walrus.WalrusTransactions;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SuiChain's writes: each Walrus Move call as one programmable transaction in the Rust client's
 * shape (WalrusTransactions / WalrusCalls), WAL leased from a coin pool for the price read from
 * the System object, run by the {@link TransactionExecutor} (gas leased, dry run first, signed,
 * executed, waited for until checkpointed, coins settled), and the results read back from the
 * effects, the new objects and the Walrus events.
 */
public final class WalrusWriter {
    private final SuiClient client;
    private final SuiConfig config;
    private final WalrusView view;
    private final SuiKeyPair sender;
    private final CoinPool walCoins;
    private final CoinPool gasCoins;
    private final TransactionExecutor executor;

    public WalrusWriter(SuiClient client, SuiConfig config, WalrusView view) {
        this.client = client;
        this.config = config;
        this.view = view;
        this.sender = config.key().load();
        this.gasCoins = new CoinPool(client::listCoins, sender.address(), SuiServices.SUI_COIN_TYPE);
        this.walCoins = new CoinPool(client::listCoins, sender.address(), config.walCoinType());
        this.executor = new TransactionExecutor(client, sender, gasCoins, config.gasPolicy());
    }

    public SuiAddress sender() {
        return sender.address();
    }

    /** Attempts of one write whose owned inputs another client of the account spent meanwhile. */
    static final int STALE_ATTEMPTS = 4;

    private <T> T phase(String phase, Supplier<T> op) {
        for (int attempt = 1; ; attempt++) {
            try {
                return op.get();
            } catch (RuntimeException e) {
                ChainException mapped = Failures.map(phase, e, config.walCoinType());
                if (!(mapped instanceof ChainException.RuleViolation v && v.rule() == Rule.STALE_OBJECT_VERSION)) {
                    throw mapped;
                }
                // another client of this account (a second sink writer, say) spent coins this one had
                // cached: read them all again. Sui refused the transaction before executing it, so
                // nothing was paid and building it again with the current versions is safe.
                try {
                    walCoins.reload();
                    gasCoins.reload();
                } catch (RuntimeException reloadFailed) {
                    mapped.addSuppressed(reloadFailed);
                    throw mapped;
                }
                if (attempt == STALE_ATTEMPTS) {
                    throw mapped;
                }
                pauseBeforeRetry(attempt);
            }
        }
    }

    /** A short random pause, so two writers that collided do not collide again at once. */
    private static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(20, 100L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException.Unavailable("interrupted while retrying a write", e);
        }
    }

    /** Leases WAL for {@code cost}, builds the transaction with the coins, runs it; the lease is settled. */
    private ExecutedTransaction withWal(String phase, long cost, Function<CoinLease, ProgrammableTransaction> build) {
        CoinLease wal = walCoins.lease(cost, config.gasPolicy().coinWait());
        ProgrammableTransaction pt;
        try {
            pt = build.apply(wal);
        } catch (RuntimeException e) {
            wal.release();
            throw e;
        }
        return executor.execute(phase, pt, List.of(wal));
    }

    public Results.Reservation reserveSpace(long size, int epochsAhead) {
        return phase("reserve", () -> {
            WalrusSystemSnapshot s = view.snapshot();
            long cost = s.state().prices().storageCost(size, epochsAhead);
            ExecutedTransaction tx = withWal("reserve", cost, wal -> {
                PtbBuilder ptb = new PtbBuilder();
                Argument storage = new WalrusCalls(ptb, s.ref()).reserveSpace(size, epochsAhead,
                        new WalCoinArgument(ptb, wal.coins()));
                ptb.transferObjects(List.of(storage), ptb.pure(Pure.address(sender.address())));
                return ptb.build();
            });
            ObjectRef ref = created(tx, "::storage_resource::Storage", "reserve");
            StorageResource storage = storage(WalrusBlobObject.WalrusStorage.fromContents(
                    client.getObject(ref.objectId()).requireContents()));
            return new Results.Reservation(storage, cost, tx.digest().toString(), tx.gasUsed().netCost());
        });
    }

    public Results.Registration registerBlob(ObjectId storageId, BlobId blobId, byte[] rootHash,
                                             long size, int encodingType, boolean deletable) {
        return phase("register", () -> {
            WalrusSystemSnapshot s = view.snapshot();
            SuiObject storage = owned(storageId, "::storage_resource::Storage", "register");
            long encoded = dev.walrusstream.codec.RedStuffParams.of(s.state().nShards()).encodedLength(size);
            long cost = s.state().prices().writeCost(encoded);
            ExecutedTransaction tx = withWal("register", cost, wal -> {
                PtbBuilder ptb = new PtbBuilder();
                Argument blob = new WalrusCalls(ptb, s.ref()).registerBlob(ptb.input(new CallArg.ImmOrOwnedObject(
                                storage.ref())), blobId.bytes(), rootHash, size, encodingType, deletable,
                        new WalCoinArgument(ptb, wal.coins()));
                ptb.transferObjects(List.of(blob), ptb.pure(Pure.address(sender.address())));
                return ptb.build();
            });
            return registration(tx, cost);
        });
    }

    public Results.Registration reserveAndRegister(BlobId blobId, byte[] rootHash, long size, long encoded,
                                                   int encodingType, boolean deletable, int epochsAhead) {
        return phase("register", () -> {
            BlobRegistration reg;
            try {
                reg = new BlobRegistration(blobId, rootHash, size, encoded, encodingType, epochsAhead, deletable);
            } catch (IllegalArgumentException e) {
                throw ChainException.violation(e.getMessage().contains("does not match") ? Rule.INVALID_BLOB_ID
                        : Rule.INVALID_ARGUMENT, "register: " + e.getMessage(), "phase", "register", "blobId", blobId);
            }
            WalrusSystemSnapshot s = view.snapshot();
            long cost = s.state().prices().registrationCost(encoded, epochsAhead);
            ExecutedTransaction tx = withWal("register", cost,
                    wal -> new WalrusTransactions(s.ref()).registerBlob(reg, wal.coins(), sender.address()));
            return registration(tx, cost);
        });
    }

    /**
     * Every call of the batch as one programmable transaction of {@code reserve_space} +
     * {@code register_blob} pairs sharing the WAL coin. A refusal (found before sending, or a Move
     * abort in the commands of call {@code i}) names that call's blob; nothing is paid but gas then.
     */
    public Results.Registrations registerAll(dev.walrusstream.chain.RegistrationBatch batch, int nShards) {
        List<dev.walrusstream.chain.RegistrationBatch.Call> calls = batch.calls();
        return phase("register", () -> {
            WalrusSystemSnapshot s = view.snapshot();
            StoragePrices prices = s.state().prices();
            List<BlobRegistration> regs = new java.util.ArrayList<>();
            long[] costs = new long[calls.size()];
            long total = 0;
            for (int i = 0; i < calls.size(); i++) {
                var c = calls.get(i);
                try {
                    long encoded = dev.walrusstream.codec.RedStuffParams.of(nShards).encodedLength(c.size());
                    regs.add(new BlobRegistration(c.blobId(), c.rootHash(), c.size(), encoded, c.encodingType(),
                            c.epochsAhead(), c.deletable()));
                    costs[i] = prices.registrationCost(encoded, c.epochsAhead());
                } catch (RuntimeException e) {
                    String m = String.valueOf(e.getMessage());
                    throw dev.walrusstream.chain.RegistrationBatch.naming(ChainException.violation(
                            m.contains("does not match") ? Rule.INVALID_BLOB_ID : Rule.INVALID_ARGUMENT,
                            "register: " + m, "phase", "register"), c.blobId(), i, calls.size());
                }
                total = Math.addExact(total, costs[i]);
            }
            int[] firstCall = new int[1];
            ExecutedTransaction tx;
            try {
                tx = withWal("register", total, wal -> {
                    firstCall[0] = wal.coins().size() > 1 ? 1 : 0;
                    return new WalrusTransactions(s.ref()).registerBlobs(regs, wal.coins(), sender.address());
                });
            } catch (dev.walrusstream.sui.rpc.TransactionFailedException f) {
                ChainException mapped = Failures.map("register", f, config.walCoinType());
                long command = f.failure().command().orElse(-1);
                int index = command < firstCall[0] ? -1 : (int) ((command - firstCall[0]) / 2);
                if (mapped instanceof ChainException.RuleViolation v && index >= 0 && index < calls.size()) {
                    throw dev.walrusstream.chain.RegistrationBatch.naming(v, calls.get(index).blobId(), index,
                            calls.size());
                }
                throw mapped;
            }
            java.util.Map<String, BlobObject> byBlob = new java.util.HashMap<>();
            for (ChangedObject o : tx.created("::blob::Blob")) {
                ObjectRef ref = o.outputRef().orElseThrow(() -> new ChainException.Unavailable("register: transaction "
                        + tx.digest() + " created a Blob without an output reference", null));
                BlobObject b = blob(ref.objectId());
                byBlob.put(b.blobId() + "/" + b.deletable(), b);
            }
            List<EventId> events = events(tx, "BlobRegistered", calls.size());
            List<Results.Registration> out = new java.util.ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                var c = calls.get(i);
                BlobObject b = byBlob.get(c.blobId() + "/" + c.deletable());
                if (b == null) {
                    throw new ChainException.Unavailable("register: transaction " + tx.digest() + " created no Blob for "
                            + c.blobId() + " (call " + (i + 1) + " of " + calls.size() + ")", null);
                }
                // one transaction paid the gas: the first registration reports it, so the batch's sum is what was paid
                out.add(new Results.Registration(b, costs[i], events.get(i), i == 0 ? tx.gasUsed().netCost() : 0));
            }
            return new Results.Registrations(out, total, tx.digest().toString());
        });
    }

    private Results.Registration registration(ExecutedTransaction tx, long cost) {
        ObjectRef ref = created(tx, "::blob::Blob", "register");
        BlobObject blob = blob(ref.objectId());
        return new Results.Registration(blob, cost, event(tx, "BlobRegistered"), tx.gasUsed().netCost());
    }

    public Results.Certification certify(ObjectId blobObjectId, StorageCertificate cert) {
        return phase("certify", () -> {
            SuiObject blob = owned(blobObjectId, "::blob::Blob", "certify");
            BlobCertificate certificate;
            try {
                certificate = new BlobCertificate(cert.signature(), cert.signersBitmap(), cert.message());
            } catch (IllegalArgumentException e) {
                throw ChainException.violation(Rule.INVALID_MESSAGE, "certify: " + e.getMessage(), "phase", "certify");
            }
            WalrusSystemSnapshot s = view.snapshot();
            ExecutedTransaction tx = executor.execute("certify", new WalrusTransactions(s.ref()).certifyBlob(blob.ref(),
                    certificate), List.of());
            return new Results.Certification(blob(blob.id()), event(tx, "BlobCertified"), tx.gasUsed().netCost());
        });
    }

    /**
     * Every call of the batch as one programmable transaction of {@code certify_blob} calls. A refusal
     * (found before sending, or a Move abort in command {@code i}) names the blob object of that call.
     */
    public Results.Certifications certifyAll(dev.walrusstream.chain.CertificationBatch batch) {
        List<dev.walrusstream.chain.CertificationBatch.Call> calls = batch.calls();
        return phase("certify", () -> {
            List<ObjectRef> refs = new java.util.ArrayList<>();
            List<BlobCertificate> certificates = new java.util.ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                var call = calls.get(i);
                try {
                    refs.add(owned(call.blobObjectId(), "::blob::Blob", "certify").ref());
                    StorageCertificate cert = call.certificate();
                    certificates.add(new BlobCertificate(cert.signature(), cert.signersBitmap(), cert.message()));
                } catch (IllegalArgumentException e) {
                    throw dev.walrusstream.chain.CertificationBatch.naming(ChainException.violation(Rule.INVALID_MESSAGE,
                            "certify: " + e.getMessage(), "phase", "certify"), call.blobObjectId(), i, calls.size());
                } catch (ChainException.RuleViolation v) {
                    throw dev.walrusstream.chain.CertificationBatch.naming(v, call.blobObjectId(), i, calls.size());
                }
            }
            WalrusSystemSnapshot s = view.snapshot();
            ExecutedTransaction tx;
            try {
                tx = executor.execute("certify", new WalrusTransactions(s.ref()).certifyBlobs(refs, certificates),
                        List.of());
            } catch (dev.walrusstream.sui.rpc.TransactionFailedException f) {
                ChainException mapped = Failures.map("certify", f, config.walCoinType());
                var command = f.failure().command();
                if (mapped instanceof ChainException.RuleViolation v && command.isPresent()
                        && command.getAsLong() < calls.size()) {
                    int i = (int) command.getAsLong();
                    throw dev.walrusstream.chain.CertificationBatch.naming(v, calls.get(i).blobObjectId(), i,
                            calls.size());
                }
                throw mapped;
            }
            List<Results.Certification> done = new java.util.ArrayList<>();
            List<EventId> events = events(tx, "BlobCertified", calls.size());
            for (int i = 0; i < calls.size(); i++) {
                // one transaction paid the gas: the first certification reports it, so the batch's sum is what was paid
                done.add(new Results.Certification(blob(calls.get(i).blobObjectId()), events.get(i),
                        i == 0 ? tx.gasUsed().netCost() : 0));
            }
            return new Results.Certifications(done, tx.digest().toString());
        });
    }

    public Results.Deletion delete(ObjectId blobObjectId) {
        return phase("delete", () -> {
            SuiObject blob = owned(blobObjectId, "::blob::Blob", "delete");
            WalrusSystemSnapshot s = view.snapshot();
            ExecutedTransaction tx = executor.execute("delete", new WalrusTransactions(s.ref()).deleteBlob(blob.ref(),
                    sender.address()), List.of());
            ObjectRef ref = created(tx, "::storage_resource::Storage", "delete");
            StorageResource storage = storage(WalrusBlobObject.WalrusStorage.fromContents(
                    client.getObject(ref.objectId()).requireContents()));
            return new Results.Deletion(blobObjectId, storage, event(tx, "BlobDeleted"), tx.gasUsed().netCost());
        });
    }

    public Results.Extension extend(ObjectId blobObjectId, int extendedEpochs) {
        return phase("extend", () -> {
            SuiObject blob = owned(blobObjectId, "::blob::Blob", "extend");
            WalrusBlobObject before = WalrusBlobObject.fromContents(blob.requireContents());
            WalrusSystemSnapshot s = view.snapshot();
            StoragePrices prices = s.state().prices();
            long cost = prices.storageCost(before.storage().storageSize(), extendedEpochs);
            ExecutedTransaction tx = withWal("extend", cost,
                    wal -> new WalrusTransactions(s.ref()).extendBlob(blob.ref(), extendedEpochs, wal.coins()));
            return new Results.Extension(blob(blob.id()), cost, event(tx, "BlobCertified"), tx.gasUsed().netCost());
        });
    }

    /**
     * One programmable transaction of {@code extend_blob} calls, one per blob object, sharing the WAL
     * coin. Each object is checked first (owned, a certified Walrus blob, not expired) so a refusal
     * names it and nothing is sent; a call the chain still refuses is named by its command index.
     */
    public Results.Extensions extendAll(List<ObjectId> ids, int extendedEpochs) {
        List<ObjectId> batch = dev.walrusstream.chain.ExtensionBatch.validate(ids, extendedEpochs);
        return phase("extend", () -> {
            WalrusSystemSnapshot s = view.refresh();
            StoragePrices prices = s.state().prices();
            long epoch = s.state().epoch();
            List<ObjectRef> refs = new java.util.ArrayList<>();
            long[] costs = new long[batch.size()];
            long total = 0;
            for (int i = 0; i < batch.size(); i++) {
                ObjectId id = batch.get(i);
                SuiObject blob = owned(id, "::blob::Blob", "extend");
                WalrusBlobObject before = WalrusBlobObject.fromContents(blob.requireContents());
                if (before.certifiedEpoch().isEmpty()) {
                    throw ChainException.violation(Rule.NOT_CERTIFIED, "extend: blob object " + id + " is not certified; "
                            + "only certified blobs can be extended (nothing sent)", "phase", "extend", "objectId", id);
                }
                if (before.storage().endEpoch() <= epoch) {
                    throw ChainException.violation(Rule.RESOURCE_BOUNDS, "extend: blob object " + id + " expired at epoch "
                            + before.storage().endEpoch() + " (now " + epoch + "; nothing sent)", "phase", "extend",
                            "objectId", id, "endEpoch", before.storage().endEpoch(), "currentEpoch", epoch);
                }
                refs.add(blob.ref());
                costs[i] = prices.storageCost(before.storage().storageSize(), extendedEpochs);
                total = Math.addExact(total, costs[i]);
            }
            int[] firstCall = new int[1];
            ExecutedTransaction tx;
            try {
                tx = withWal("extend", total, wal -> {
                    firstCall[0] = wal.coins().size() > 1 ? 1 : 0;
                    return new WalrusTransactions(s.ref()).extendBlobs(refs, extendedEpochs, wal.coins());
                });
            } catch (dev.walrusstream.sui.rpc.TransactionFailedException f) {
                throw nameFailedCall(f, batch, firstCall[0]);
            }
            List<Results.Extension> out = new java.util.ArrayList<>();
            List<EventId> events = events(tx, "BlobCertified");
            if (events.size() != batch.size()) {
                throw new ChainException.Unavailable("extend: transaction " + tx.digest() + " emitted " + events.size()
                        + " BlobCertified events for " + batch.size() + " extend_blob calls", null);
            }
            for (int i = 0; i < batch.size(); i++) {
                // one transaction paid the gas: the first extension reports it, so the batch's sum is what was paid
                out.add(new Results.Extension(blob(batch.get(i)), costs[i], events.get(i), i == 0 ? tx.gasUsed().netCost() : 0));
            }
            return new Results.Extensions(out, total, tx.digest().toString());
        });
    }

    /** The chain's refusal of one call of a batch, naming that call's blob object. */
    private ChainException nameFailedCall(dev.walrusstream.sui.rpc.TransactionFailedException f,
                                          List<ObjectId> batch, int firstCall) {
        ChainException mapped = Failures.map("extend", f, config.walCoinType());
        long command = f.failure().command().orElse(-1);
        int index = (int) (command - firstCall);
        if (!(mapped instanceof ChainException.RuleViolation v) || index < 0 || index >= batch.size()) {
            return mapped;
        }
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>(v.values());
        values.put("objectId", batch.get(index).toString());
        values.put("call", String.valueOf(index + 1));
        return new ChainException.RuleViolation(v.rule(), "extending blob object " + batch.get(index) + " (call "
                + (index + 1) + " of " + batch.size() + ") was refused: " + v.detail(), values);
    }

    // ---- reading results ---------------------------------------------------------------------

    /** The one object of {@code typeSuffix} the transaction created. */
    /**
     * {@code staking::epoch_sync_done} signed by this account, which must own node {@code nodeId}'s
     * {@code StorageNodeCap} (found among the account's objects by its {@code node_id}). A report the cap already
     * made ({@code EDuplicateSyncDone}) is harmless: the dry run refuses it, nothing is paid, and this returns
     * {@code false}; {@code true} when the report was executed.
     */
    public boolean epochSyncDone(ObjectId nodeId, int epoch, ObjectId stakingObject) {
        return phase("epoch sync", () -> {
            SuiObject cap = nodeCap(nodeId);
            WalrusSystemSnapshot s = view.snapshot();
            long isv = client.getObject(stakingObject).initialSharedVersion();
            try {
                executor.execute("epoch sync", new WalrusTransactions(s.ref()).epochSyncDone(stakingObject, isv,
                        cap.ref(), epoch), List.of());
                return true;
            } catch (dev.walrusstream.sui.rpc.TransactionFailedException f) {
                Optional<dev.walrusstream.sui.rpc.ExecutionStatus.MoveAbort> abort = f.failure().abort();
                if (abort.isPresent() && abort.get().module().equals("staking_inner")
                        && abort.get().abortCode() == DUPLICATE_SYNC_DONE) {
                    return false;
                }
                throw f;
            }
        });
    }

    /** {@code staking_inner::EDuplicateSyncDone}. */
    static final long DUPLICATE_SYNC_DONE = 2;

    private SuiObject nodeCap(ObjectId nodeId) {
        String type = view.typePackage() + "::storage_node::StorageNodeCap";
        Optional<byte[]> token = Optional.empty();
        int seen = 0;
        do {
            var page = client.listOwnedObjects(sender.address(), Optional.of(type), 50, token);
            for (SuiObject o : page.items()) {
                byte[] c = o.requireContents();
                seen++;
                if (c.length >= 64 && java.util.Arrays.equals(c, 32, 64, nodeId.bytes(), 0, 32)) {
                    return o;
                }
            }
            token = page.nextPageToken();
        } while (token.isPresent());
        throw ChainException.violation(Rule.NOT_OWNER, "epoch sync: account " + sender.address() + " owns no "
                + "StorageNodeCap of node " + nodeId + " (it owns " + seen + " caps of type " + type + "); the node's "
                + "own Sui key must sign its epoch_sync_done", "phase", "epoch sync", "nodeId", nodeId,
                "account", sender.address());
    }

    private static ObjectRef created(ExecutedTransaction tx, String typeSuffix, String phase) {
        List<ChangedObject> created = tx.created(typeSuffix);
        if (created.size() != 1 || created.get(0).outputRef().isEmpty()) {
            throw new ChainException.Unavailable(phase + ": transaction " + tx.digest() + " created " + created.size()
                    + " objects of type *" + typeSuffix + ", expected 1", null);
        }
        return created.get(0).outputRef().get();
    }

    /** The first Walrus event of {@code name} the transaction emitted, as an event ID. */
    private EventId event(ExecutedTransaction tx, String name) {
        for (int i = 0; i < tx.events().size(); i++) {
            String type = tx.events().get(i).eventType();
            if (type.endsWith("::" + WalrusEvents.MODULE + "::" + name)) {
                return new EventId(tx.digest().toString(), i);
            }
        }
        throw new ChainException.Unavailable("transaction " + tx.digest() + " emitted no " + name + " event", null);
    }

    /** Every Walrus event of {@code name} the transaction emitted, in order, as event IDs. */
    private static List<EventId> events(ExecutedTransaction tx, String name) {
        List<EventId> out = new java.util.ArrayList<>();
        for (int i = 0; i < tx.events().size(); i++) {
            if (tx.events().get(i).eventType().endsWith("::" + WalrusEvents.MODULE + "::" + name)) {
                out.add(new EventId(tx.digest().toString(), i));
            }
        }
        return out;
    }

    /** Every {@code name} event of the transaction, in order; {@code expected} of them. */
    private static List<EventId> events(ExecutedTransaction tx, String name, int expected) {
        List<EventId> found = events(tx, name);
        if (found.size() != expected) {
            throw new ChainException.Unavailable("transaction " + tx.digest() + " emitted " + found.size() + " " + name
                    + " events, expected " + expected, null);
        }
        return found;
    }

    private BlobObject blob(ObjectId id) {
        return toBlobObject(WalrusBlobObject.fromContents(client.getObject(id).requireContents()));
    }

    /** An object of {@code typeSuffix} the sender owns, at its current version. */
    private SuiObject owned(ObjectId id, String typeSuffix, String phase) {
        Optional<SuiObject> o = client.findObject(id);
        if (o.isEmpty()) {
            throw ChainException.violation(Rule.OBJECT_NOT_FOUND, phase + ": object " + id + " does not exist (deleted or "
                    + "never created)", "phase", phase, "objectId", id);
        }
        String type = o.get().type().orElse("");
        if (!type.endsWith(typeSuffix) || !type.startsWith(view.typePackage())) {
            throw ChainException.violation(Rule.INVALID_ARGUMENT, phase + ": object " + id + " is a " + type
                    + ", not a Walrus *" + typeSuffix, "phase", phase, "objectId", id, "type", type);
        }
        if (!(o.get().owner() instanceof Owner.AddressOwner a) || !a.address().equals(sender.address())) {
            throw ChainException.violation(Rule.NOT_OWNER, phase + ": object " + id + " is owned by " + o.get().owner()
                    + ", not by this account " + sender.address(), "phase", phase, "objectId", id, "owner", o.get().owner());
        }
        return o.get();
    }

    public static BlobObject toBlobObject(WalrusBlobObject b) {
        return new BlobObject(b.id(), (int) b.registeredEpoch(), b.blobId(),
                b.size(), b.encodingType(), b.certifiedEpoch().isPresent() ? (int) b.certifiedEpoch().getAsLong() : null,
                storage(b.storage()), b.deletable());
    }

    static StorageResource storage(WalrusBlobObject.WalrusStorage s) {
        return new StorageResource(s.id(), (int) s.startEpoch(),
                (int) s.endEpoch(), s.storageSize());
    }
}
