package dev.walrusstream.devnet.sui;

import com.google.protobuf.ByteString;
import dev.walrusstream.devnet.sui.internal.GasSchedule;
import dev.walrusstream.devnet.sui.internal.LocalSuiConstants;
import dev.walrusstream.devnet.sui.internal.StoredObject;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.TransactionProtos;
import dev.walrusstream.sui.rpc.proto.Argument;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.Command;
import dev.walrusstream.sui.rpc.proto.ExecuteTransactionRequest;
import dev.walrusstream.sui.rpc.proto.ExecutedTransaction;
import dev.walrusstream.sui.rpc.proto.FunctionDescriptor;
import dev.walrusstream.sui.rpc.proto.GasPayment;
import dev.walrusstream.sui.rpc.proto.GetFunctionRequest;
import dev.walrusstream.sui.rpc.proto.GetTransactionRequest;
import dev.walrusstream.sui.rpc.proto.Input;
import dev.walrusstream.sui.rpc.proto.LedgerServiceGrpc;
import dev.walrusstream.sui.rpc.proto.MovePackageServiceGrpc;
import dev.walrusstream.sui.rpc.proto.MoveCall;
import dev.walrusstream.sui.rpc.proto.ObjectReference;
import dev.walrusstream.sui.rpc.proto.OpenSignature;
import dev.walrusstream.sui.rpc.proto.ProgrammableTransaction;
import dev.walrusstream.sui.rpc.proto.SimulateTransactionRequest;
import dev.walrusstream.sui.rpc.proto.Transaction;
import dev.walrusstream.sui.rpc.proto.TransactionExecutionServiceGrpc;
import dev.walrusstream.sui.rpc.proto.TransactionKind;
import dev.walrusstream.sui.rpc.proto.TransferObjects;
import dev.walrusstream.sui.rpc.proto.UserSignature;
import dev.walrusstream.sui.tx.Pure;
import dev.walrusstream.sui.tx.TransactionData;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the official SDKs ask of a full node, over gRPC: GetFunction, and SimulateTransaction given an
 * unresolved structured transaction (objects by ID only, no gas) resolving inputs and choosing gas; the
 * resolved transaction, signed, executes; Execute and GetTransaction answer with the structured view.
 */
class LocalSuiResolutionIT {
    static final SuiKeyPair ALICE = LocalSuiFixture.key("resolution alice");

    @TempDir
    static Path dir;
    static LocalSuiFixture fx;
    static ManagedChannel channel;
    static TransactionExecutionServiceGrpc.TransactionExecutionServiceBlockingStub exec;

    @BeforeAll
    static void start() throws Exception {
        fx = LocalSuiFixture.create(dir, Map.of(ALICE, LocalSuiFixture.FUNDS));
        channel = NettyChannelBuilder.forTarget("127.0.0.1:" + fx.server.port()).usePlaintext().build();
        exec = TransactionExecutionServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        fx.close();
    }

    @Test
    void getFunctionAnswersWalrusSignaturesAndNamesWhatIsMissing() {
        var packages = MovePackageServiceGrpc.newBlockingStub(channel);
        FunctionDescriptor f = packages.getFunction(GetFunctionRequest.newBuilder()
                .setPackageId(fx.sui.ids().originalPackage().toString()).setModuleName("staking")
                .setName("stake_with_pool").build()).getFunction();
        assertEquals("stake_with_pool", f.getName());
        var coin = f.getParameters(1).getBody();
        assertTrue(coin.getTypeName().endsWith("::coin::Coin"), coin.toString());
        assertEquals(fx.sui.ids().walCoinType(), coin.getTypeParameterInstantiation(0).getTypeName());
        FunctionDescriptor certify = packages.getFunction(GetFunctionRequest.newBuilder()
                .setPackageId(fx.sui.ids().currentPackage().toString()).setModuleName("system")
                .setName("certify_blob").build()).getFunction();
        assertEquals(OpenSignature.Reference.IMMUTABLE, certify.getParameters(0).getReference());
        assertEquals(OpenSignature.Reference.MUTABLE, certify.getParameters(1).getReference());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> packages.getFunction(
                GetFunctionRequest.newBuilder().setPackageId(fx.sui.ids().originalPackage().toString())
                        .setModuleName("system").setName("no_such_function").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("system::no_such_function"), e.getMessage());
    }

    @Test
    void everyNodePublishesThe33ByteNetworkKeyTheContractRequires() {
        for (var member : fx.sui.committee().members()) {
            StoredObject pool = fx.sui.object(member.nodeId()).orElseThrow();
            var info = dev.walrusstream.sui.walrus.WalrusNodeInfo.fromPoolContents(pool.contents());
            assertEquals(33, info.networkPublicKey().length, member.nodeId().toString());
            assertTrue(dev.walrusstream.sui.walrus.PlainHttpNetworkKey.is(member.nodeId(), info.networkPublicKey()));
        }
        // and SuiChain still reaches these plain-HTTP nodes without TLS
        try (var chain = fx.chain(null)) {
            for (var member : chain.committee().members()) {
                assertFalse(member.servesTls(), member.toString());
            }
        }
    }

    @Test
    void anUnresolvedTransactionIsResolvedGasSelectedAndThenExecutes() {
        StoredObject wal = walCoin(ALICE.address());
        Transaction unresolved = reserveSpace(ALICE.address(), wal);
        ExecutedTransaction sim = exec.simulateTransaction(SimulateTransactionRequest.newBuilder()
                .setTransaction(unresolved).setDoGasSelection(true).build()).getTransaction();
        assertTrue(sim.getEffects().getStatus().getSuccess(), sim.getEffects().getStatus().toString());
        Transaction resolved = sim.getTransaction();
        Input system = resolved.getKind().getProgrammableTransaction().getInputs(0);
        assertEquals(Input.InputKind.SHARED, system.getKind());
        assertEquals(LocalSuiIds.INITIAL_SHARED_VERSION, system.getVersion());
        assertTrue(system.getMutable(), "reserve_space takes &mut System");
        Input coin = resolved.getKind().getProgrammableTransaction().getInputs(3);
        assertEquals(Input.InputKind.IMMUTABLE_OR_OWNED, coin.getKind());
        assertEquals(wal.version(), coin.getVersion());
        assertEquals(wal.digest().toString(), coin.getDigest());

        GasPayment gas = resolved.getGasPayment();
        assertEquals(fx.sui.referenceGasPrice(), gas.getPrice());
        Set<String> suiCoins = fx.sui.owned(ALICE.address(), Optional.of(StoredObject.COIN_PREFIX
                + LocalSuiConstants.SUI_COIN_TYPE + ">")).stream().map(o -> o.id().toString()).collect(Collectors.toSet());
        assertFalse(gas.getObjectsList().isEmpty());
        for (ObjectReference r : gas.getObjectsList()) {
            assertTrue(suiCoins.contains(r.getObjectId()), "gas object " + r.getObjectId() + " is not a SUI coin of Alice");
        }
        long computation = sim.getEffects().getGasUsed().getComputationCost();
        assertTrue(gas.getBudget() >= computation + 1_000 * gas.getPrice(), gas + " vs " + sim.getEffects().getGasUsed());
        assertTrue(gas.getBudget() < GasSchedule.MAX_BUDGET / 10, "budget " + gas.getBudget() + " is not from the dry run");

        // the resolved BCS, signed, executes; Execute and GetTransaction answer with the structured view
        byte[] bcs = resolved.getBcs().getValue().toByteArray();
        assertEquals(TransactionData.fromBcs(bcs), TransactionProtos.fromStructured(resolved));
        ExecutedTransaction done = exec.executeTransaction(ExecuteTransactionRequest.newBuilder()
                .setTransaction(Transaction.newBuilder().setBcs(Bcs.newBuilder().setValue(ByteString.copyFrom(bcs))))
                .addSignatures(UserSignature.newBuilder().setBcs(Bcs.newBuilder().setValue(ByteString.copyFrom(
                        ALICE.signTransaction(bcs).toBytes())))).build()).getTransaction();
        assertTrue(done.getEffects().getStatus().getSuccess(), done.getEffects().getStatus().toString());
        assertEquals(resolved.getKind(), done.getTransaction().getKind());
        assertEquals(ALICE.address().toString(), done.getTransaction().getSender());
        Transaction fetched = LedgerServiceGrpc.newBlockingStub(channel).getTransaction(GetTransactionRequest.newBuilder()
                .setDigest(done.getDigest()).build()).getTransaction().getTransaction();
        assertEquals(resolved.getGasPayment(), fetched.getGasPayment());
        assertEquals(TransactionKind.Kind.PROGRAMMABLE_TRANSACTION, fetched.getKind().getKind());
    }

    @Test
    void anObjectOnlyReadByReferenceIsSharedImmutably() {
        StoredObject wal = walCoin(ALICE.address());
        // certify_blob takes &System: the System input resolves immutable (the call itself fails: no such blob)
        Transaction t = Transaction.newBuilder().setSender(ALICE.address().toString())
                .setKind(TransactionKind.newBuilder().setProgrammableTransaction(ProgrammableTransaction.newBuilder()
                        .addInputs(Input.newBuilder().setObjectId(fx.sui.ids().systemObject().toString()))
                        .addInputs(Input.newBuilder().setObjectId(wal.id().toString()))
                        .addInputs(pure(Pure.bytes(new byte[] {1})))
                        .addCommands(Command.newBuilder().setMoveCall(MoveCall.newBuilder()
                                .setPackage(fx.sui.ids().currentPackage().toString()).setModule("system")
                                .setFunction("certify_blob").addArguments(input(0)).addArguments(input(1))
                                .addArguments(input(2)).addArguments(input(2)).addArguments(input(2))))))
                .build();
        ExecutedTransaction sim = exec.simulateTransaction(SimulateTransactionRequest.newBuilder().setTransaction(t)
                .setDoGasSelection(true).build()).getTransaction();
        Input system = sim.getTransaction().getKind().getProgrammableTransaction().getInputs(0);
        assertEquals(Input.InputKind.SHARED, system.getKind());
        assertFalse(system.getMutable(), system.toString());
        assertEquals(Input.Mutability.IMMUTABLE, system.getMutability());
        assertFalse(sim.getEffects().getStatus().getSuccess(), "certify_blob of a coin must fail");
    }

    @Test
    void gasSelectionWithoutCoinsAndUnknownObjectsAreRefusedNamingThem() {
        SuiAddress poor = LocalSuiFixture.key("resolution poor").address();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> exec.simulateTransaction(
                SimulateTransactionRequest.newBuilder().setTransaction(reserveSpace(poor, walCoin(ALICE.address())))
                        .setDoGasSelection(true).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(poor + " owns no SUI coin"), e.getMessage());

        Transaction.Builder missing = reserveSpace(ALICE.address(), walCoin(ALICE.address())).toBuilder();
        String ghost = "0x" + "ab".repeat(32);
        missing.getKindBuilder().getProgrammableTransactionBuilder().getInputsBuilder(3).setObjectId(ghost);
        e = assertThrows(StatusRuntimeException.class, () -> exec.simulateTransaction(SimulateTransactionRequest
                .newBuilder().setTransaction(missing).setDoGasSelection(true).build()));
        assertTrue(e.getStatus().getDescription().contains("inputs[3]: object " + ghost + " does not exist"),
                e.getMessage());
    }

    @Test
    void blobAttributesLiveInADynamicFieldAndBadCallsAbortNamingWhatIsWrong() {
        var m = dev.walrusstream.codec.RedStuff.create().encode(LocalSuiFixture.SHARDS,
                "attributes".getBytes(java.nio.charset.StandardCharsets.UTF_8)).metadata();
        dev.walrusstream.codec.ids.ObjectId blob;
        try (var chain = fx.chain(ALICE)) {
            blob = chain.reserveAndRegister(m.blobId(), m.rootHash(), m.unencodedLength(), 1, true, 3).blob().id();
        }
        String pkg = fx.sui.ids().currentPackage().toString();
        // no attributes yet: removing a pair aborts naming the blob
        ExecutedTransaction missing = simulate(attributeCalls(pkg, blob, List.of(call(pkg, "blob", "remove_metadata_pair",
                input(0), input(1))), "k"));
        assertFalse(missing.getEffects().getStatus().getSuccess());
        assertTrue(missing.getEffects().getStatus().getError().getDescription().contains("EMissingMetadata: blob " + blob),
                missing.getEffects().getStatus().toString());

        // metadata::new + add_metadata + two updates of one key, executed: the field holds the last value
        ExecutedTransaction done = execute(attributeCalls(pkg, blob, List.of(call(pkg, "metadata", "new"),
                call(pkg, "blob", "add_metadata", input(0), result(0)),
                call(pkg, "blob", "insert_or_update_metadata_pair", input(0), input(1), input(2)),
                call(pkg, "blob", "insert_or_update_metadata_pair", input(0), input(1), input(3))), "k", "v1", "v2"));
        assertTrue(done.getEffects().getStatus().getSuccess(), done.getEffects().getStatus().toString());
        var field = fx.sui.object(dev.walrusstream.sui.walrus.WalrusBlobAttributes.fieldId(blob)).orElseThrow();
        assertEquals(new dev.walrusstream.sui.rpc.Owner.ObjectOwner(blob), field.owner());
        assertEquals(Map.of("k", "v2"), dev.walrusstream.sui.walrus.WalrusBlobAttributes.fromFieldContents(
                field.contents()).pairs());

        ExecutedTransaction twice = simulate(attributeCalls(pkg, blob, List.of(call(pkg, "metadata", "new"),
                call(pkg, "blob", "add_metadata", input(0), result(0)))));
        assertTrue(twice.getEffects().getStatus().getError().getDescription().contains("EDuplicateMetadata"),
                twice.getEffects().getStatus().toString());
        ExecutedTransaction absent = simulate(attributeCalls(pkg, blob, List.of(call(pkg, "blob", "remove_metadata_pair",
                input(0), input(1))), "absent"));
        assertTrue(absent.getEffects().getStatus().getError().getDescription().contains("has no attribute 'absent'"),
                absent.getEffects().getStatus().toString());
    }

    private static Transaction attributeCalls(String pkg, dev.walrusstream.codec.ids.ObjectId blob, List<Command> calls,
                                              String... strings) {
        ProgrammableTransaction.Builder p = ProgrammableTransaction.newBuilder()
                .addInputs(Input.newBuilder().setObjectId(blob.toString()));
        for (String s : strings) {
            p.addInputs(pure(Pure.string(s)));
        }
        p.addAllCommands(calls);
        return Transaction.newBuilder().setSender(ALICE.address().toString())
                .setKind(TransactionKind.newBuilder().setProgrammableTransaction(p)).build();
    }

    private static Command call(String pkg, String module, String function, Argument... args) {
        return Command.newBuilder().setMoveCall(MoveCall.newBuilder().setPackage(pkg).setModule(module)
                .setFunction(function).addAllArguments(List.of(args))).build();
    }

    private static Argument result(int command) {
        return Argument.newBuilder().setKind(Argument.ArgumentKind.RESULT).setResult(command).build();
    }

    private static ExecutedTransaction simulate(Transaction t) {
        return exec.simulateTransaction(SimulateTransactionRequest.newBuilder().setTransaction(t).setDoGasSelection(true)
                .build()).getTransaction();
    }

    private static ExecutedTransaction execute(Transaction t) {
        byte[] bcs = simulate(t).getTransaction().getBcs().getValue().toByteArray();
        return exec.executeTransaction(ExecuteTransactionRequest.newBuilder()
                .setTransaction(Transaction.newBuilder().setBcs(Bcs.newBuilder().setValue(ByteString.copyFrom(bcs))))
                .addSignatures(UserSignature.newBuilder().setBcs(Bcs.newBuilder().setValue(ByteString.copyFrom(
                        ALICE.signTransaction(bcs).toBytes())))).build()).getTransaction();
    }

    private static Transaction reserveSpace(SuiAddress sender, StoredObject wal) {
        return Transaction.newBuilder().setSender(sender.toString())
                .setKind(TransactionKind.newBuilder().setProgrammableTransaction(ProgrammableTransaction.newBuilder()
                        .addInputs(Input.newBuilder().setObjectId(fx.sui.ids().systemObject().toString()))
                        .addInputs(pure(Pure.u64(1_000_000)))
                        .addInputs(pure(Pure.u32(2)))
                        .addInputs(Input.newBuilder().setObjectId(wal.id().toString()))
                        .addInputs(pure(Pure.address(sender)))
                        .addCommands(Command.newBuilder().setMoveCall(MoveCall.newBuilder()
                                .setPackage(fx.sui.ids().currentPackage().toString()).setModule("system")
                                .setFunction("reserve_space").addArguments(input(0)).addArguments(input(1))
                                .addArguments(input(2)).addArguments(input(3))))
                        .addCommands(Command.newBuilder().setTransferObjects(TransferObjects.newBuilder()
                                .addObjects(Argument.newBuilder().setKind(Argument.ArgumentKind.RESULT).setResult(0))
                                .setAddress(input(4))))))
                .build();
    }

    private static StoredObject walCoin(SuiAddress owner) {
        List<StoredObject> coins = fx.sui.owned(owner, Optional.of(StoredObject.COIN_PREFIX + fx.sui.ids().walCoinType()
                + ">"));
        assertFalse(coins.isEmpty(), owner + " has no WAL coin");
        return coins.get(0);
    }

    private static Input pure(dev.walrusstream.sui.tx.CallArg.Pure p) {
        return Input.newBuilder().setKind(Input.InputKind.PURE).setPure(ByteString.copyFrom(p.bcs())).build();
    }

    private static Argument input(int i) {
        return Argument.newBuilder().setKind(Argument.ArgumentKind.INPUT).setInput(i).build();
    }
}
