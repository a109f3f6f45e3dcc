package dev.walrusstream.sui.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.coins.Coin;
import dev.walrusstream.sui.keys.SignedTransaction;
import dev.walrusstream.sui.keys.SuiSignature;
import dev.walrusstream.sui.rpc.internal.Calls;
import dev.walrusstream.sui.rpc.internal.Channels;
import dev.walrusstream.sui.rpc.internal.ProtoMapper;
import dev.walrusstream.sui.rpc.proto.BatchGetObjectsRequest;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.ExecuteTransactionRequest;
import dev.walrusstream.sui.rpc.proto.GetBalanceRequest;
import dev.walrusstream.sui.rpc.proto.GetCheckpointRequest;
import dev.walrusstream.sui.rpc.proto.GetEpochRequest;
import dev.walrusstream.sui.rpc.proto.GetObjectRequest;
import dev.walrusstream.sui.rpc.proto.GetObjectResult;
import dev.walrusstream.sui.rpc.proto.GetPackageRequest;
import dev.walrusstream.sui.rpc.proto.GetServiceInfoRequest;
import dev.walrusstream.sui.rpc.proto.GetTransactionRequest;
import dev.walrusstream.sui.rpc.proto.LedgerServiceGrpc;
import dev.walrusstream.sui.rpc.proto.ListOwnedObjectsRequest;
import dev.walrusstream.sui.rpc.proto.MovePackageServiceGrpc;
import dev.walrusstream.sui.rpc.proto.SimulateTransactionRequest;
import dev.walrusstream.sui.rpc.proto.StateServiceGrpc;
import dev.walrusstream.sui.rpc.proto.SubscribeCheckpointsRequest;
import dev.walrusstream.sui.rpc.proto.SubscriptionServiceGrpc;
import dev.walrusstream.sui.rpc.proto.Transaction;
import dev.walrusstream.sui.rpc.proto.TransactionExecutionServiceGrpc;
import dev.walrusstream.sui.rpc.proto.UserSignature;
import dev.walrusstream.sui.tx.TransactionData;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A client of a Sui full node's gRPC API v2 ({@code sui.rpc.v2}). Every unary call has a deadline
 * and is retried on transient failures; a refused transaction surfaces as
 * {@link TransactionRejectedException} and is never retried. Thread-safe; close it when done.
 */
public final class SuiClient implements AutoCloseable {
    /** Most coins {@link #listCoins} gathers (20 pages of 250); larger wallets should merge coins. */
    public static final int MAX_COINS = 5000;
    private static final int COIN_PAGE_SIZE = 250;
    private static final String OBJECT_MASK = "object_id,version,digest,owner,object_type,balance,contents";
    private static final String COIN_MASK = "object_id,version,digest,object_type,balance";
    private static final String EXECUTED_MASK = "digest,effects.status,effects.gas_used,effects.changed_objects,"
            + "events,checkpoint,timestamp";
    private static final String SIMULATED_MASK = "transaction.digest,transaction.effects.status,"
            + "transaction.effects.gas_used,transaction.effects.changed_objects,transaction.events,suggested_gas_price";
    private static final String CHECKPOINTED_MASK = "digest,checkpoint,timestamp";
    /** What {@link #subscribeCheckpoints()} asks for: enough to follow events. */
    public static final String DEFAULT_CHECKPOINT_MASK = "sequence_number,digest,summary.epoch,summary.timestamp,"
            + "transactions.digest,transactions.effects.status,transactions.events";
    /** Poll times after execution (ms), as the TypeScript SDK's waitForTransaction; then every 2 s. */
    private static final long[] WAIT_SCHEDULE_MS = {0, 300, 600, 1500, 3500};
    private static final long WAIT_INTERVAL_MS = 2000;

    private final ManagedChannel channel;
    private final String target;
    private final SuiClientOptions options;
    private final Calls calls;

    private SuiClient(ManagedChannel channel, String target, SuiClientOptions options) {
        this.channel = channel;
        this.target = target;
        this.options = options;
        this.calls = new Calls(options.retry());
    }

    public static SuiClient connect(SuiEndpoint endpoint, SuiClientOptions options) {
        return new SuiClient(Channels.open(endpoint, options), endpoint.toString(), options);
    }

    public SuiClientOptions options() {
        return options;
    }

    // ---- reads -------------------------------------------------------------------------------

    public ServiceInfo serviceInfo() {
        var r = calls.unary("LedgerService/GetServiceInfo",
                () -> ledger().getServiceInfo(GetServiceInfoRequest.getDefaultInstance()));
        return new ServiceInfo(r.getChainId(), r.getChain(), r.getEpoch(), r.getCheckpointHeight(),
                r.hasTimestamp() ? Optional.of(ProtoMapper.instant(r.getTimestamp())) : Optional.empty(),
                r.getLowestAvailableCheckpoint(), r.getServer());
    }

    /** The latest version of an object with owner, type, balance and Move contents. */
    public SuiObject getObject(ObjectId id) {
        return findObject(id).orElseThrow(() -> new SuiRpcException("LedgerService/GetObject", Status.Code.NOT_FOUND,
                "object " + id + " does not exist", 1, null));
    }

    public Optional<SuiObject> findObject(ObjectId id) {
        GetObjectRequest request = GetObjectRequest.newBuilder().setObjectId(id.toString()).setReadMask(mask(OBJECT_MASK))
                .build();
        try {
            return Optional.of(ProtoMapper.object(calls.unary("LedgerService/GetObject",
                    () -> ledger().getObject(request)).getObject()));
        } catch (SuiRpcException e) {
            if (e.code() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Several objects in one call, in the order asked. */
    public List<ObjectLookup> getObjects(List<ObjectId> ids) {
        BatchGetObjectsRequest.Builder b = BatchGetObjectsRequest.newBuilder().setReadMask(mask(OBJECT_MASK));
        ids.forEach(id -> b.addRequests(GetObjectRequest.newBuilder().setObjectId(id.toString())));
        var response = calls.unary("LedgerService/BatchGetObjects", () -> ledger().batchGetObjects(b.build()));
        if (response.getObjectsCount() != ids.size()) {
            throw new SuiRpcException("LedgerService/BatchGetObjects", Status.Code.INTERNAL, "asked for " + ids.size()
                    + " objects, got " + response.getObjectsCount() + " results", 1, null);
        }
        List<ObjectLookup> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            GetObjectResult r = response.getObjects(i);
            out.add(r.hasObject() ? new ObjectLookup.Found(ProtoMapper.object(r.getObject()))
                    : new ObjectLookup.Missing(ids.get(i), r.getError().getMessage()));
        }
        return out;
    }

    /** One page of the objects an address owns, optionally of one type (type parameters may be omitted). */
    public Page<SuiObject> listOwnedObjects(SuiAddress owner, Optional<String> objectType, int pageSize,
                                            Optional<byte[]> pageToken) {
        ListOwnedObjectsRequest.Builder b = ListOwnedObjectsRequest.newBuilder().setOwner(owner.toString())
                .setPageSize(pageSize).setReadMask(mask(OBJECT_MASK));
        objectType.ifPresent(b::setObjectType);
        pageToken.ifPresent(t -> b.setPageToken(ByteString.copyFrom(t)));
        var r = calls.unary("StateService/ListOwnedObjects", () -> state().listOwnedObjects(b.build()));
        return new Page<>(r.getObjectsList().stream().map(ProtoMapper::object).collect(Collectors.toList()),
                r.getNextPageToken().isEmpty() ? Optional.empty() : Optional.of(r.getNextPageToken().toByteArray()));
    }

    /** Every {@code Coin<coinType>} object of {@code owner} (up to {@link #MAX_COINS}) with balances. */
    public List<Coin> listCoins(SuiAddress owner, String coinType) {
        String type = "0x2::coin::Coin<" + coinType + ">";
        List<Coin> coins = new ArrayList<>();
        Optional<ByteString> token = Optional.empty();
        do {
            ListOwnedObjectsRequest.Builder b = ListOwnedObjectsRequest.newBuilder().setOwner(owner.toString())
                    .setObjectType(type).setPageSize(COIN_PAGE_SIZE).setReadMask(mask(COIN_MASK));
            token.ifPresent(b::setPageToken);
            var r = calls.unary("StateService/ListOwnedObjects", () -> state().listOwnedObjects(b.build()));
            for (var o : r.getObjectsList()) {
                SuiObject obj = ProtoMapper.object(o);
                coins.add(new Coin(obj.ref(), coinType, obj.balance().orElse(0)));
            }
            token = r.getNextPageToken().isEmpty() ? Optional.empty() : Optional.of(r.getNextPageToken());
        } while (token.isPresent() && coins.size() < MAX_COINS);
        return coins;
    }

    public CoinBalance balance(SuiAddress owner, String coinType) {
        var r = calls.unary("StateService/GetBalance", () -> state().getBalance(GetBalanceRequest.newBuilder()
                .setOwner(owner.toString()).setCoinType(coinType).build())).getBalance();
        return new CoinBalance(coinType, r.getBalance(), r.getCoinBalance(), r.getAddressBalance());
    }

    /** The current epoch's reference gas price in MIST. */
    public long referenceGasPrice() {
        var epoch = calls.unary("LedgerService/GetEpoch", () -> ledger().getEpoch(GetEpochRequest.newBuilder()
                .setReadMask(mask("epoch,reference_gas_price")).build())).getEpoch();
        if (!epoch.hasReferenceGasPrice()) {
            throw new SuiRpcException("LedgerService/GetEpoch", Status.Code.INTERNAL,
                    "response carries no reference_gas_price", 1, null);
        }
        return epoch.getReferenceGasPrice();
    }

    /** A package's IDs, version and type origins (which package defined each struct, e.g. Walrus events). */
    public MovePackage getPackage(ObjectId packageId) {
        var p = calls.unary("MovePackageService/GetPackage", () -> packages().getPackage(GetPackageRequest.newBuilder()
                .setPackageId(packageId.toString()).build())).getPackage();
        return new MovePackage(p.getStorageId(), p.getOriginalId(), p.getVersion(), p.getTypeOriginsList().stream()
                .map(t -> new MovePackage.TypeOrigin(t.getModuleName(), t.getDatatypeName(), t.getPackageId()))
                .collect(Collectors.toList()));
    }

    // ---- transactions ------------------------------------------------------------------------

    /** Dry-runs a transaction with all checks on: effects, gas and the failure it would hit. Nothing is paid. */
    public SimulationResult simulate(TransactionData tx) {
        byte[] bcs = tx.toBcs();
        SuiDigest digest = TransactionData.digestOf(bcs);
        SimulateTransactionRequest request = SimulateTransactionRequest.newBuilder()
                .setTransaction(Transaction.newBuilder().setBcs(Bcs.newBuilder().setValue(ByteString.copyFrom(bcs))))
                .setReadMask(mask(SIMULATED_MASK))
                .setChecks(SimulateTransactionRequest.TransactionChecks.ENABLED)
                .build();
        var r = calls.unary("TransactionExecutionService/SimulateTransaction",
                () -> execution(options.executeTimeout()).simulateTransaction(request),
                (code, description, attempts, cause) -> new TransactionRejectedException(
                        "TransactionExecutionService/SimulateTransaction", digest, code, description, attempts, cause));
        var t = r.getTransaction();
        if (!t.hasDigest()) {
            t = t.toBuilder().setDigest(digest.toString()).build();
        }
        return new SimulationResult(ProtoMapper.transaction(t),
                r.hasSuggestedGasPrice() ? OptionalLong.of(r.getSuggestedGasPrice()) : OptionalLong.empty());
    }

    /**
     * Submits a signed transaction and returns its effects once final (not yet necessarily in a
     * checkpoint). If transient failures outlast the retries, the node is asked whether the
     * transaction executed anyway before giving up.
     */
    public ExecutedTransaction execute(SignedTransaction signed) {
        byte[] bcs = signed.data().toBcs();
        SuiDigest digest = TransactionData.digestOf(bcs);
        ExecuteTransactionRequest.Builder b = ExecuteTransactionRequest.newBuilder()
                .setTransaction(Transaction.newBuilder().setBcs(Bcs.newBuilder().setValue(ByteString.copyFrom(bcs))))
                .setReadMask(mask(EXECUTED_MASK));
        for (SuiSignature s : signed.signatures()) {
            b.addSignatures(UserSignature.newBuilder().setBcs(Bcs.newBuilder()
                    .setValue(ByteString.copyFrom(s.toBytes()))));
        }
        ExecuteTransactionRequest request = b.build();
        String op = "TransactionExecutionService/ExecuteTransaction";
        try {
            var r = calls.unary(op, () -> execution(options.executeTimeout()).executeTransaction(request),
                    (code, description, attempts, cause) -> new TransactionRejectedException(op, digest, code,
                            description, attempts, cause));
            return ProtoMapper.transaction(r.getTransaction());
        } catch (SuiUnavailableException | SuiTimeoutException e) {
            return safeGetTransaction(digest, EXECUTED_MASK).orElseThrow(() -> e);
        } catch (TransactionRejectedException e) {
            if (e.attempts() > 1) {
                // an earlier attempt may have executed it before its response was lost
                return safeGetTransaction(digest, EXECUTED_MASK).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** {@link #execute} then {@link #waitForCheckpoint}: returns once the transaction is in a checkpoint. */
    public ExecutedTransaction executeAndWait(SignedTransaction signed) {
        ExecutedTransaction executed = execute(signed);
        if (executed.isCheckpointed()) {
            return executed;
        }
        ExecutedTransaction checkpointed = waitForCheckpoint(executed.digest(), options.checkpointWait());
        return executed.withCheckpoint(checkpointed.checkpoint().getAsLong(), checkpointed.timestamp());
    }

    /** The executed transaction with effects and events, or empty when the node does not know it. */
    public Optional<ExecutedTransaction> getTransaction(SuiDigest digest) {
        return getTransaction(digest, EXECUTED_MASK);
    }

    /** Polls until the transaction is in a checkpoint; {@link SuiTimeoutException} after {@code timeout}. */
    public ExecutedTransaction waitForCheckpoint(SuiDigest digest, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = 0; ; i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(i < WAIT_SCHEDULE_MS.length ? WAIT_SCHEDULE_MS[i]
                    : WAIT_SCHEDULE_MS[WAIT_SCHEDULE_MS.length - 1] + (i - WAIT_SCHEDULE_MS.length + 1) * WAIT_INTERVAL_MS);
            long now = System.nanoTime();
            if (due > deadline) {
                throw new SuiTimeoutException("LedgerService/GetTransaction", "transaction " + digest
                        + " was not checkpointed within " + timeout.toMillis() + " ms", i, null);
            }
            if (due > now) {
                sleepNanos(due - now, digest);
            }
            Optional<ExecutedTransaction> t = getTransaction(digest, CHECKPOINTED_MASK);
            if (t.isPresent() && t.get().isCheckpointed()) {
                return t.get();
            }
        }
    }

    // ---- checkpoints -------------------------------------------------------------------------

    public Checkpoint getCheckpoint(long sequenceNumber, String readMask) {
        return checkpoint(GetCheckpointRequest.newBuilder().setSequenceNumber(sequenceNumber).setReadMask(mask(readMask))
                .build());
    }

    public Checkpoint latestCheckpoint(String readMask) {
        return checkpoint(GetCheckpointRequest.newBuilder().setReadMask(mask(readMask)).build());
    }

    public CheckpointStream subscribeCheckpoints() {
        return subscribeCheckpoints(DEFAULT_CHECKPOINT_MASK);
    }

    /** Opens a checkpoint stream (no deadline: it lives until closed or failed). */
    public CheckpointStream subscribeCheckpoints(String readMask) {
        CheckpointStream stream = new CheckpointStream(calls);
        SubscriptionServiceGrpc.newStub(channel).subscribeCheckpoints(
                SubscribeCheckpointsRequest.newBuilder().setReadMask(mask(readMask)).build(), stream.observer());
        return stream;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SuiClient[" + target + "]";
    }

    // ---- machinery ---------------------------------------------------------------------------

    private Checkpoint checkpoint(GetCheckpointRequest request) {
        return ProtoMapper.checkpoint(calls.unary("LedgerService/GetCheckpoint",
                () -> ledger().getCheckpoint(request)).getCheckpoint());
    }

    private Optional<ExecutedTransaction> getTransaction(SuiDigest digest, String readMask) {
        GetTransactionRequest request = GetTransactionRequest.newBuilder().setDigest(digest.toString())
                .setReadMask(mask(readMask)).build();
        try {
            return Optional.of(ProtoMapper.transaction(calls.unary("LedgerService/GetTransaction",
                    () -> ledger().getTransaction(request)).getTransaction()));
        } catch (SuiRpcException e) {
            if (e.code() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<ExecutedTransaction> safeGetTransaction(SuiDigest digest, String readMask) {
        try {
            return getTransaction(digest, readMask);
        } catch (SuiRpcException | StatusRuntimeException e) {
            return Optional.empty();
        }
    }

    private static void sleepNanos(long nanos, SuiDigest digest) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiRpcException("LedgerService/GetTransaction", Status.Code.CANCELLED,
                    "interrupted while waiting for " + digest + " to be checkpointed", 1, e);
        }
    }

    private static FieldMask mask(String paths) {
        FieldMask.Builder b = FieldMask.newBuilder();
        for (String p : paths.split(",")) {
            if (!p.isBlank()) {
                b.addPaths(p.trim());
            }
        }
        return b.build();
    }

    private LedgerServiceGrpc.LedgerServiceBlockingStub ledger() {
        return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(options.callTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private StateServiceGrpc.StateServiceBlockingStub state() {
        return StateServiceGrpc.newBlockingStub(channel).withDeadlineAfter(options.callTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private MovePackageServiceGrpc.MovePackageServiceBlockingStub packages() {
        return MovePackageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(options.callTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private TransactionExecutionServiceGrpc.TransactionExecutionServiceBlockingStub execution(Duration timeout) {
        return TransactionExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
