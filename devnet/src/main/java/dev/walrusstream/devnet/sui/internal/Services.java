package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.devnet.sui.Refusal;
import com.google.protobuf.ByteString;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.devnet.sui.LocalSui;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.sui.rpc.proto.Balance;
import dev.walrusstream.sui.rpc.proto.BatchGetObjectsRequest;
import dev.walrusstream.sui.rpc.proto.BatchGetObjectsResponse;
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
import dev.walrusstream.sui.rpc.proto.FunctionDescriptor;
import dev.walrusstream.sui.rpc.proto.GetFunctionRequest;
import dev.walrusstream.sui.rpc.proto.GetFunctionResponse;
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
import dev.walrusstream.sui.tx.TypeTag;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The sui.rpc.v2 services over a {@link LocalSui}; read masks are ignored (every field is returned). */
public final class Services {
    /** Largest ListOwnedObjects page, as on Sui. */
    public static final int MAX_PAGE = 1000;
    /** Walrus structs this ledger defines, by module (all first defined in the original package). */
    private static final String[][] TYPES = {
        {"events", "BlobRegistered"}, {"events", "BlobCertified"}, {"events", "BlobDeleted"},
        {"events", "InvalidBlobID"}, {"events", "EpochChangeStart"}, {"events", "EpochChangeDone"},
        {"blob", "Blob"}, {"storage_resource", "Storage"}, {"system", "System"}, {"staking", "Staking"},
        {"staking_pool", "StakingPool"}, {"system_state_inner", "SystemStateInnerV1"},
        {"staking_inner", "StakingInnerV1"},
    };

    private final LocalSui sui;
    /** The same pure signature table the ledger's resolver uses, built from the ledger's IDs. */
    private final MoveFunctions functions;

    public Services(LocalSui sui) {
        this.sui = sui;
        this.functions = new MoveFunctions(sui.ids());
    }

    public List<BindableService> all() {
        return List.of(new Ledger(), new State(), new Execution(), new Subscription(), new Packages());
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    private static void error(StreamObserver<?> out, Status status, String description) {
        out.onError(status.withDescription(description).asRuntimeException());
    }

    private static Optional<ObjectId> objectId(String text, StreamObserver<?> out) {
        try {
            return Optional.of(ObjectId.parsePrefixed(text));
        } catch (IllegalArgumentException e) {
            error(out, Status.INVALID_ARGUMENT, "invalid object_id '" + text + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    private final class Ledger extends LedgerServiceGrpc.LedgerServiceImplBase {
        @Override
        public void getServiceInfo(GetServiceInfoRequest request, StreamObserver<GetServiceInfoResponse> out) {
            Checkpoint tip = sui.latestCheckpoint();
            reply(out, GetServiceInfoResponse.newBuilder().setChainId(sui.chainIdentifier())
                    .setChain("walrus-stream-local").setEpoch(LocalSuiConstants.SUI_EPOCH)
                    .setCheckpointHeight(tip.getSequenceNumber()).setTimestamp(tip.getSummary().getTimestamp())
                    .setLowestAvailableCheckpoint(0).setLowestAvailableCheckpointObjects(0)
                    .setServer("walrus-stream LocalSui: " + LocalSui.DESCRIPTION).build());
        }

        @Override
        public void getObject(GetObjectRequest request, StreamObserver<GetObjectResponse> out) {
            Optional<ObjectId> id = objectId(request.getObjectId(), out);
            if (id.isEmpty()) {
                return;
            }
            Optional<StoredObject> o = sui.object(id.get());
            if (o.isEmpty() || request.hasVersion() && request.getVersion() != o.get().version()) {
                error(out, Status.NOT_FOUND, "object " + id.get() + (request.hasVersion() ? " version "
                        + request.getVersion() : "") + " not found");
                return;
            }
            reply(out, GetObjectResponse.newBuilder().setObject(Protos.object(o.get())).build());
        }

        @Override
        public void batchGetObjects(BatchGetObjectsRequest request, StreamObserver<BatchGetObjectsResponse> out) {
            BatchGetObjectsResponse.Builder b = BatchGetObjectsResponse.newBuilder();
            for (GetObjectRequest r : request.getRequestsList()) {
                Optional<StoredObject> o;
                try {
                    o = sui.object(ObjectId.parsePrefixed(r.getObjectId()));
                } catch (IllegalArgumentException e) {
                    o = Optional.empty();
                }
                b.addObjects(o.isPresent() ? GetObjectResult.newBuilder().setObject(Protos.object(o.get()))
                        : GetObjectResult.newBuilder().setError(com.google.rpc.Status.newBuilder()
                                .setCode(Status.Code.NOT_FOUND.value()).setMessage("object " + r.getObjectId()
                                        + " not found")));
            }
            reply(out, b.build());
        }

        @Override
        public void getTransaction(GetTransactionRequest request, StreamObserver<GetTransactionResponse> out) {
            SuiDigest digest;
            try {
                digest = SuiDigest.parse(request.getDigest());
            } catch (IllegalArgumentException e) {
                error(out, Status.INVALID_ARGUMENT, "invalid digest '" + request.getDigest() + "': " + e.getMessage());
                return;
            }
            var t = sui.transaction(digest);
            if (t.isEmpty()) {
                error(out, Status.NOT_FOUND, "transaction " + digest + " not found");
                return;
            }
            reply(out, GetTransactionResponse.newBuilder().setTransaction(TransactionResolver.withStructured(t.get()))
                    .build());
        }

        @Override
        public void getCheckpoint(GetCheckpointRequest request, StreamObserver<GetCheckpointResponse> out) {
            if (request.hasDigest()) {
                error(out, Status.UNIMPLEMENTED, "checkpoints by digest are not served here; ask by sequence number");
                return;
            }
            Optional<Checkpoint> cp = request.hasSequenceNumber() ? sui.checkpoint(request.getSequenceNumber())
                    : Optional.of(sui.latestCheckpoint());
            if (cp.isEmpty()) {
                error(out, Status.NOT_FOUND, "checkpoint " + request.getSequenceNumber() + " not found (height "
                        + sui.checkpointHeight() + ")");
                return;
            }
            reply(out, GetCheckpointResponse.newBuilder().setCheckpoint(cp.get()).build());
        }

        @Override
        public void getEpoch(GetEpochRequest request, StreamObserver<GetEpochResponse> out) {
            reply(out, GetEpochResponse.newBuilder().setEpoch(Epoch.newBuilder().setEpoch(LocalSuiConstants.SUI_EPOCH)
                    .setFirstCheckpoint(0).setReferenceGasPrice(sui.referenceGasPrice())).build());
        }
    }

    private final class State extends StateServiceGrpc.StateServiceImplBase {
        @Override
        public void listOwnedObjects(ListOwnedObjectsRequest request, StreamObserver<ListOwnedObjectsResponse> out) {
            SuiAddress owner;
            Optional<String> type;
            try {
                owner = SuiAddress.parsePrefixed(request.getOwner());
                type = request.hasObjectType() ? Optional.of(TypeTag.parse(request.getObjectType()).toCanonicalString())
                        : Optional.empty();
            } catch (IllegalArgumentException e) {
                error(out, Status.INVALID_ARGUMENT, e.getMessage());
                return;
            }
            List<StoredObject> all = sui.owned(owner, type);
            int start;
            try {
                start = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken().toStringUtf8());
            } catch (NumberFormatException e) {
                error(out, Status.INVALID_ARGUMENT, "invalid page_token");
                return;
            }
            int size = request.getPageSize() == 0 ? 50 : Math.min(request.getPageSize(), MAX_PAGE);
            ListOwnedObjectsResponse.Builder b = ListOwnedObjectsResponse.newBuilder();
            for (int i = start; i < Math.min(all.size(), start + size); i++) {
                b.addObjects(Protos.object(all.get(i)));
            }
            if (start + size < all.size()) {
                b.setNextPageToken(ByteString.copyFromUtf8(Integer.toString(start + size)));
            }
            reply(out, b.build());
        }

        @Override
        public void getBalance(GetBalanceRequest request, StreamObserver<GetBalanceResponse> out) {
            String coinType;
            SuiAddress owner;
            try {
                owner = SuiAddress.parsePrefixed(request.getOwner());
                coinType = TypeTag.parse(request.getCoinType()).toCanonicalString();
            } catch (IllegalArgumentException e) {
                error(out, Status.INVALID_ARGUMENT, e.getMessage());
                return;
            }
            long total = 0;
            for (StoredObject o : sui.owned(owner, Optional.of(StoredObject.COIN_PREFIX + coinType + ">"))) {
                total += o.balance();
            }
            reply(out, GetBalanceResponse.newBuilder().setBalance(Balance.newBuilder().setCoinType(coinType)
                    .setBalance(total).setCoinBalance(total).setAddressBalance(0)).build());
        }
    }

    private final class Execution extends TransactionExecutionServiceGrpc.TransactionExecutionServiceImplBase {
        @Override
        public void executeTransaction(ExecuteTransactionRequest request, StreamObserver<ExecuteTransactionResponse> out) {
            List<byte[]> signatures = new ArrayList<>();
            for (UserSignature s : request.getSignaturesList()) {
                signatures.add(s.getBcs().getValue().toByteArray());
            }
            try {
                var executed = sui.execute(request.getTransaction().getBcs().getValue().toByteArray(), signatures);
                reply(out, ExecuteTransactionResponse.newBuilder().setTransaction(TransactionResolver.withStructured(
                        executed).toBuilder().clearCheckpoint()).build());
            } catch (Refusal r) {
                error(out, Status.INVALID_ARGUMENT, r.getMessage());
            }
        }

        @Override
        public void simulateTransaction(SimulateTransactionRequest request,
                                        StreamObserver<SimulateTransactionResponse> out) {
            try {
                var simulated = sui.simulate(request.getTransaction(), request.getDoGasSelection(),
                        request.getChecks() != SimulateTransactionRequest.TransactionChecks.DISABLED);
                reply(out, SimulateTransactionResponse.newBuilder().setTransaction(simulated)
                        .setSuggestedGasPrice(sui.referenceGasPrice()).build());
            } catch (Refusal r) {
                error(out, Status.INVALID_ARGUMENT, r.getMessage());
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
            stream.setOnCancelHandler(() -> sui.unsubscribe(subscriber));
            sui.subscribe(subscriber);
        }
    }

    private final class Packages extends MovePackageServiceGrpc.MovePackageServiceImplBase {
        @Override
        public void getPackage(GetPackageRequest request, StreamObserver<GetPackageResponse> out) {
            Optional<ObjectId> id = objectId(request.getPackageId(), out);
            if (id.isEmpty()) {
                return;
            }
            LocalSuiIds ids = sui.ids();
            long version;
            if (id.get().equals(ids.originalPackage())) {
                version = 1;
            } else if (id.get().equals(ids.currentPackage())) {
                version = 2;
            } else {
                error(out, Status.NOT_FOUND, "package " + id.get() + " not found");
                return;
            }
            Package.Builder p = Package.newBuilder().setStorageId(id.get().toString())
                    .setOriginalId(ids.originalPackage().toString()).setVersion(version);
            for (String[] t : TYPES) {
                p.addTypeOrigins(TypeOrigin.newBuilder().setModuleName(t[0]).setDatatypeName(t[1])
                        .setPackageId(ids.originalPackage().toString()));
            }
            reply(out, GetPackageResponse.newBuilder().setPackage(p).build());
        }

        @Override
        public void getFunction(GetFunctionRequest request, StreamObserver<GetFunctionResponse> out) {
            Optional<ObjectId> id = objectId(request.getPackageId(), out);
            if (id.isEmpty()) {
                return;
            }
            if (!functions.isPackage(id.get())) {
                error(out, Status.NOT_FOUND, "package " + id.get() + " not found");
                return;
            }
            Optional<FunctionDescriptor> f = functions.find(id.get(), request.getModuleName(), request.getName());
            if (f.isEmpty()) {
                error(out, Status.NOT_FOUND, "function " + id.get() + "::" + request.getModuleName() + "::"
                        + request.getName() + " not found on this local Sui ledger");
                return;
            }
            reply(out, GetFunctionResponse.newBuilder().setFunction(f.get()).build());
        }
    }
}
