package dev.walrusstream.sui.fake;

import com.google.protobuf.ByteString;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.rpc.proto.Balance;
import dev.walrusstream.sui.rpc.proto.BatchGetObjectsRequest;
import dev.walrusstream.sui.rpc.proto.BatchGetObjectsResponse;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.Checkpoint;
import dev.walrusstream.sui.rpc.proto.Epoch;
import dev.walrusstream.sui.rpc.proto.ExecuteTransactionRequest;
import dev.walrusstream.sui.rpc.proto.ExecuteTransactionResponse;
import dev.walrusstream.sui.rpc.proto.GetBalanceRequest;
import dev.walrusstream.sui.rpc.proto.GetBalanceResponse;
import dev.walrusstream.sui.rpc.proto.GetCheckpointRequest;
import dev.walrusstream.sui.rpc.proto.GetCheckpointResponse;
import dev.walrusstream.sui.rpc.proto.GetEpochRequest;
import dev.walrusstream.sui.rpc.proto.GetEpochResponse;
import dev.walrusstream.sui.rpc.proto.GetObjectRequest;
import dev.walrusstream.sui.rpc.proto.GetObjectResponse;
import dev.walrusstream.sui.rpc.proto.GetObjectResult;
import dev.walrusstream.sui.rpc.proto.GetPackageRequest;
import dev.walrusstream.sui.rpc.proto.GetPackageResponse;
import dev.walrusstream.sui.rpc.proto.GetServiceInfoRequest;
import dev.walrusstream.sui.rpc.proto.GetServiceInfoResponse;
import dev.walrusstream.sui.rpc.proto.GetTransactionRequest;
import dev.walrusstream.sui.rpc.proto.GetTransactionResponse;
import dev.walrusstream.sui.rpc.proto.LedgerServiceGrpc;
import dev.walrusstream.sui.rpc.proto.ListOwnedObjectsRequest;
import dev.walrusstream.sui.rpc.proto.ListOwnedObjectsResponse;
import dev.walrusstream.sui.rpc.proto.MovePackageServiceGrpc;
import dev.walrusstream.sui.rpc.proto.Package;
import dev.walrusstream.sui.rpc.proto.SimulateTransactionRequest;
import dev.walrusstream.sui.rpc.proto.SimulateTransactionResponse;
import dev.walrusstream.sui.rpc.proto.StateServiceGrpc;
import dev.walrusstream.sui.rpc.proto.SubscribeCheckpointsRequest;
import dev.walrusstream.sui.rpc.proto.SubscribeCheckpointsResponse;
import dev.walrusstream.sui.rpc.proto.SubscriptionServiceGrpc;
import dev.walrusstream.sui.rpc.proto.TransactionExecutionServiceGrpc;
import dev.walrusstream.sui.rpc.proto.TypeOrigin;
import dev.walrusstream.sui.rpc.proto.UserSignature;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real gRPC server on a loopback port (chosen by the OS) serving the sui.rpc.v2 subset over a
 * {@link FakeLedger}, for what devnet's LocalSui cannot express: objects and coins of any type planted
 * directly (hundreds of coins for paging, a 6 MiB object), a Move module that aborts, Sui's refusal
 * messages (stale object version, bad signature, budget above the gas balance), Walrus's epoch and prices
 * changed under a running client, and TLS. Executed transactions are sealed into a checkpoint after
 * {@code checkpointDelay}; calls are counted per method. Fault injection (failures, delays, lost answers,
 * headers) and the checkpoint stream run on LocalSui with devnet's {@code SuiFaults} ({@code SuiClientLocalIT}).
 */
public final class FakeSuiServer implements AutoCloseable {
    public final FakeLedger ledger = new FakeLedger();
    private final Server server;
    private final ScheduledExecutorService sealer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-sui-sealer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public FakeSuiServer(Duration checkpointDelay) throws IOException {
        this(checkpointDelay, InsecureServerCredentials.create());
    }

    public FakeSuiServer(Duration checkpointDelay, ServerCredentials credentials) throws IOException {
        ServerInterceptor faults = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                calls.computeIfAbsent(call.getMethodDescriptor().getBareMethodName(), k -> new AtomicInteger())
                        .incrementAndGet();
                return next.startCall(call, headers);
            }
        };
        server = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                        new java.net.InetSocketAddress("127.0.0.1", 0), credentials)
                .addService(ServerInterceptors.intercept(new Ledger(), faults))
                .addService(ServerInterceptors.intercept(new State(), faults))
                .addService(ServerInterceptors.intercept(new Execution(), faults))
                .addService(ServerInterceptors.intercept(new Subscription(), faults))
                .addService(ServerInterceptors.intercept(new Packages(), faults))
                .build().start();
        long ms = checkpointDelay.toMillis();
        sealer.scheduleWithFixedDelay(() -> {
            if (ledger.hasUnsealed()) {
                ledger.sealCheckpoint();
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    public int port() {
        return server.getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        sealer.shutdownNow();
        try {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static dev.walrusstream.sui.rpc.proto.Object proto(StoredObject o) {
        dev.walrusstream.sui.rpc.proto.Object.Builder b = dev.walrusstream.sui.rpc.proto.Object.newBuilder()
                .setObjectId(o.id().toString()).setVersion(o.version()).setDigest(o.digest().toString())
                .setOwner(FakeLedger.owner(o)).setObjectType(o.type())
                .setContents(Bcs.newBuilder().setValue(ByteString.copyFrom(o.contents())));
        if (o.type().contains("::coin::Coin<")) {
            b.setBalance(o.balance());
        }
        return b.build();
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    private final class Ledger extends LedgerServiceGrpc.LedgerServiceImplBase {
        @Override
        public void getServiceInfo(GetServiceInfoRequest request, StreamObserver<GetServiceInfoResponse> out) {
            Checkpoint tip = ledger.latestCheckpoint();
            reply(out, GetServiceInfoResponse.newBuilder().setChainId("fakechain").setChain("localnet").setEpoch(1)
                    .setCheckpointHeight(tip.getSequenceNumber()).setLowestAvailableCheckpoint(0).setServer("fake-sui")
                    .setTimestamp(tip.getSummary().getTimestamp()).build());
        }

        @Override
        public void getObject(GetObjectRequest request, StreamObserver<GetObjectResponse> out) {
            StoredObject o = ledger.object(ObjectId.parsePrefixed(request.getObjectId()));
            if (o == null) {
                out.onError(Status.NOT_FOUND.withDescription("object " + request.getObjectId() + " not found")
                        .asRuntimeException());
                return;
            }
            reply(out, GetObjectResponse.newBuilder().setObject(proto(o)).build());
        }

        @Override
        public void batchGetObjects(BatchGetObjectsRequest request, StreamObserver<BatchGetObjectsResponse> out) {
            BatchGetObjectsResponse.Builder b = BatchGetObjectsResponse.newBuilder();
            for (GetObjectRequest r : request.getRequestsList()) {
                StoredObject o = ledger.object(ObjectId.parsePrefixed(r.getObjectId()));
                b.addObjects(o == null
                        ? GetObjectResult.newBuilder().setError(com.google.rpc.Status.newBuilder()
                                .setCode(Status.Code.NOT_FOUND.value()).setMessage("object " + r.getObjectId() + " not found"))
                        : GetObjectResult.newBuilder().setObject(proto(o)));
            }
            reply(out, b.build());
        }

        @Override
        public void getTransaction(GetTransactionRequest request, StreamObserver<GetTransactionResponse> out) {
            Optional<dev.walrusstream.sui.rpc.proto.ExecutedTransaction> t = ledger.transaction(
                    SuiDigest.parse(request.getDigest()));
            if (t.isEmpty()) {
                out.onError(Status.NOT_FOUND.withDescription("transaction " + request.getDigest() + " not found")
                        .asRuntimeException());
                return;
            }
            reply(out, GetTransactionResponse.newBuilder().setTransaction(t.get()).build());
        }

        @Override
        public void getCheckpoint(GetCheckpointRequest request, StreamObserver<GetCheckpointResponse> out) {
            Optional<Checkpoint> cp = request.hasSequenceNumber() ? ledger.checkpoint(request.getSequenceNumber())
                    : Optional.of(ledger.latestCheckpoint());
            if (cp.isEmpty()) {
                out.onError(Status.NOT_FOUND.withDescription("checkpoint " + request.getSequenceNumber()
                        + " not found").asRuntimeException());
                return;
            }
            reply(out, GetCheckpointResponse.newBuilder().setCheckpoint(cp.get()).build());
        }

        @Override
        public void getEpoch(GetEpochRequest request, StreamObserver<GetEpochResponse> out) {
            reply(out, GetEpochResponse.newBuilder().setEpoch(Epoch.newBuilder().setEpoch(1)
                    .setReferenceGasPrice(FakeLedger.REFERENCE_GAS_PRICE)).build());
        }
    }

    private final class State extends StateServiceGrpc.StateServiceImplBase {
        @Override
        public void listOwnedObjects(ListOwnedObjectsRequest request, StreamObserver<ListOwnedObjectsResponse> out) {
            List<StoredObject> all = ledger.owned(SuiAddress.parsePrefixed(request.getOwner()),
                    request.hasObjectType() ? Optional.of(request.getObjectType()) : Optional.empty());
            int start = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken().toStringUtf8());
            int size = request.getPageSize() == 0 ? 50 : Math.min(request.getPageSize(), 1000);
            ListOwnedObjectsResponse.Builder b = ListOwnedObjectsResponse.newBuilder();
            for (int i = start; i < Math.min(all.size(), start + size); i++) {
                b.addObjects(proto(all.get(i)));
            }
            if (start + size < all.size()) {
                b.setNextPageToken(ByteString.copyFromUtf8(Integer.toString(start + size)));
            }
            reply(out, b.build());
        }

        @Override
        public void getBalance(GetBalanceRequest request, StreamObserver<GetBalanceResponse> out) {
            long total = 0;
            for (StoredObject o : ledger.owned(SuiAddress.parsePrefixed(request.getOwner()),
                    Optional.of("0x2::coin::Coin<" + request.getCoinType() + ">"))) {
                total += o.balance();
            }
            reply(out, GetBalanceResponse.newBuilder().setBalance(Balance.newBuilder().setCoinType(request.getCoinType())
                    .setBalance(total).setCoinBalance(total).setAddressBalance(0)).build());
        }
    }

    private final class Execution extends TransactionExecutionServiceGrpc.TransactionExecutionServiceImplBase {
        @Override
        public void executeTransaction(ExecuteTransactionRequest request, StreamObserver<ExecuteTransactionResponse> out) {
            List<byte[]> sigs = new ArrayList<>();
            for (UserSignature s : request.getSignaturesList()) {
                sigs.add(s.getBcs().getValue().toByteArray());
            }
            try {
                var executed = ledger.execute(request.getTransaction().getBcs().getValue().toByteArray(), sigs);
                reply(out, ExecuteTransactionResponse.newBuilder().setTransaction(executed).build());
            } catch (StatusException e) {
                out.onError(e);
            }
        }

        @Override
        public void simulateTransaction(SimulateTransactionRequest request,
                                        StreamObserver<SimulateTransactionResponse> out) {
            try {
                var simulated = ledger.simulate(request.getTransaction().getBcs().getValue().toByteArray());
                reply(out, SimulateTransactionResponse.newBuilder().setTransaction(simulated)
                        .setSuggestedGasPrice(FakeLedger.REFERENCE_GAS_PRICE).build());
            } catch (StatusException e) {
                out.onError(e);
            }
        }
    }

    private final class Subscription extends SubscriptionServiceGrpc.SubscriptionServiceImplBase {
        @Override
        public void subscribeCheckpoints(SubscribeCheckpointsRequest request,
                                         StreamObserver<SubscribeCheckpointsResponse> out) {
            ServerCallStreamObserver<SubscribeCheckpointsResponse> stream =
                    (ServerCallStreamObserver<SubscribeCheckpointsResponse>) out;
            Consumer<Checkpoint> subscriber = new Consumer<>() {
                @Override
                public synchronized void accept(Checkpoint cp) {
                    if (!stream.isCancelled()) {
                        stream.onNext(SubscribeCheckpointsResponse.newBuilder().setCursor(cp.getSequenceNumber())
                                .setCheckpoint(cp).build());
                    }
                }
            };
            stream.setOnCancelHandler(() -> ledger.unsubscribe(subscriber));
            ledger.subscribe(subscriber);
        }
    }

    private final class Packages extends MovePackageServiceGrpc.MovePackageServiceImplBase {
        @Override
        public void getPackage(GetPackageRequest request, StreamObserver<GetPackageResponse> out) {
            if (!ObjectId.parsePrefixed(request.getPackageId()).equals(FakeWalrusState.PACKAGE)) {
                out.onError(Status.NOT_FOUND.withDescription("package " + request.getPackageId() + " not found")
                        .asRuntimeException());
                return;
            }
            String pkg = FakeWalrusState.PACKAGE.toString();
            reply(out, GetPackageResponse.newBuilder().setPackage(Package.newBuilder().setStorageId(pkg)
                    .setOriginalId(pkg).setVersion(1)
                    .addTypeOrigins(TypeOrigin.newBuilder().setModuleName("events").setDatatypeName("BlobRegistered")
                            .setPackageId(pkg))
                    .addTypeOrigins(TypeOrigin.newBuilder().setModuleName("events").setDatatypeName("BlobCertified")
                            .setPackageId(pkg))).build());
        }
    }
}
