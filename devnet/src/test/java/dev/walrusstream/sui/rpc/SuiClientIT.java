package dev.walrusstream.sui.rpc;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.devnet.sui.SuiFaults;
import dev.walrusstream.devnet.sui.internal.StoredObjectView;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.coins.Coin;
import dev.walrusstream.sui.keys.SignedTransaction;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.PtbBuilder;
import dev.walrusstream.sui.tx.Pure;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;
import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gRPC client against devnet's LocalSui on loopback (the sui.rpc.v2 subset): reads, paging, execution and
 * checkpoints, simulation, Sui's refusals, Move aborts and message limits; retries, deadlines, lost answers and
 * headers with {@link SuiFaults} striking chosen calls (it counts every call too), checkpoint waits and the
 * checkpoint stream. Objects no Walrus function makes (260 coins of another type, a 6 MiB object, a package that
 * aborts) are planted with LocalSui's development controls.
 */
class SuiClientIT {
    private static final SuiKeyPair KEY = SuiKeyPair.fromSeed(new byte[32]);
    private static final SuiAddress ME = KEY.address();
    private static final SuiAddress OTHER = SuiAddress.parse("0xbeef");
    private static final String SUI = "0x0000000000000000000000000000000000000000000000000000000000000002::sui::SUI";
    /** A coin type of no Walrus deployment: LocalSui mints coins of any type. */
    private static final String TOKEN = "0x2::wal::WAL";
    private static final ObjectId ABORTING = ObjectId.parse("0x77");

    @TempDir
    Path dir;
    private final SuiFaults faults = new SuiFaults();
    private LocalSuiFixture net;
    private SuiClient client;
    private ObjectRef gas;
    private long gasPrice;

    @BeforeEach
    void start() throws Exception {
        net = LocalSuiFixture.create(dir, Map.of(), faults);
        net.sui.plantAbortingPackage(ABORTING, 42);
        gasPrice = net.sui.referenceGasPrice();
        client = connect(SuiClientOptions.DEFAULT.withRetry(new RetryPolicy(4, Duration.ofMillis(20),
                Duration.ofMillis(100), RetryPolicy.TRANSIENT)));
        gas = client.getObject(net.sui.mintSui(ME, 5_000_000_000L)).ref();
    }

    @AfterEach
    void stop() {
        client.close();
        net.close();
    }

    private SuiClient connect(SuiClientOptions options) {
        return SuiClient.connect(SuiEndpoint.parse(net.server.url()), options);
    }

    /** The balance of a coin as the ledger holds it (not as the client reads it). */
    private long ledgerBalance(ObjectId coin) {
        return StoredObjectView.balance(net.sui.object(coin).orElseThrow().contents());
    }

    private TransactionData transfer(ObjectRef gasRef, long amount, long budget) {
        PtbBuilder ptb = new PtbBuilder();
        Argument.Result coin = ptb.splitCoins(Argument.GAS_COIN, ptb.pure(Pure.u64(amount)));
        ptb.transferObjects(List.of(coin.get(0)), ptb.pure(Pure.address(OTHER)));
        return new TransactionData(ptb.build(), ME, new GasData(List.of(gasRef), ME, gasPrice, budget), TransactionExpiration.NONE);
    }

    @Test
    void readsChainIdentityGasPriceAndObjects() {
        ServiceInfo info = client.serviceInfo();
        assertEquals(net.sui.chainIdentifier(), info.chainId());
        assertEquals(gasPrice, client.referenceGasPrice());

        SuiObject coin = client.getObject(gas.objectId());
        assertEquals(gas, coin.ref());
        assertEquals(5_000_000_000L, coin.balance().getAsLong());
        assertEquals(new Owner.AddressOwner(ME), coin.owner());

        ObjectId missing = ObjectId.parse("0x404");
        assertTrue(client.findObject(missing).isEmpty());
        SuiRpcException e = assertThrows(SuiRpcException.class, () -> client.getObject(missing));
        assertEquals(Status.Code.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        List<ObjectLookup> batch = client.getObjects(List.of(gas.objectId(), missing));
        assertInstanceOf(ObjectLookup.Found.class, batch.get(0));
        assertEquals(missing, ((ObjectLookup.Missing) batch.get(1)).objectId());
    }

    @Test
    void listsEveryCoinAcrossPages() {
        for (int i = 0; i < 260; i++) {
            net.sui.mintCoin(ME, TOKEN, i + 1);
        }
        net.sui.mintCoin(OTHER, TOKEN, 1000);
        List<Coin> coins = client.listCoins(ME, TOKEN);
        assertEquals(260, coins.size());
        assertEquals(260L * 261 / 2, coins.stream().mapToLong(Coin::balance).sum());
        assertEquals(2, faults.calls("ListOwnedObjects"), "two pages of 250");
        assertEquals(260L * 261 / 2, client.balance(ME, TOKEN).total());
        assertEquals(1, client.listCoins(ME, SUI).size());
    }

    @Test
    void executesAndWaitsUntilCheckpointed() {
        TransactionData tx = transfer(gas, 1_000_000, 10_000_000);
        ExecutedTransaction done = client.executeAndWait(SignedTransaction.sign(tx, KEY));
        assertEquals(tx.digest(), done.digest());
        assertTrue(done.status().isSuccess());
        assertTrue(done.isCheckpointed(), "executeAndWait returns only once checkpointed");
        assertTrue(done.timestamp().isPresent());
        ObjectRef newGas = done.newRef(gas.objectId()).orElseThrow();
        assertTrue(newGas.version() > gas.version());
        List<ChangedObject> created = done.created("::coin::Coin<" + SUI + ">");
        assertEquals(1, created.size());
        assertEquals(Optional.of(new Owner.AddressOwner(OTHER)), created.get(0).outputOwner());
        assertEquals(1_000_000, ledgerBalance(created.get(0).objectId()));

        ExecutedTransaction again = client.getTransaction(tx.digest()).orElseThrow();
        assertEquals(done.checkpoint(), again.checkpoint());
        Checkpoint cp = client.getCheckpoint(done.checkpoint().getAsLong(), SuiClient.DEFAULT_CHECKPOINT_MASK);
        assertEquals(List.of(tx.digest()), cp.transactions().stream().map(ExecutedTransaction::digest)
                .collect(Collectors.toList()));
        assertTrue(client.latestCheckpoint("sequence_number").sequenceNumber() >= cp.sequenceNumber());
        assertTrue(client.getTransaction(transfer(newGas, 5, 10_000_000).digest()).isEmpty());
    }

    @Test
    void simulatesWithoutChangingState() {
        SimulationResult sim = client.simulate(transfer(gas, 1_000_000, 10_000_000));
        assertTrue(sim.transaction().status().isSuccess());
        assertEquals(1000 * gasPrice, sim.transaction().gasUsed().computationCost());
        assertEquals(5_000_000_000L, ledgerBalance(gas.objectId()));
        assertEquals(gas, client.getObject(gas.objectId()).ref());

        ProgrammableTransaction aborting = new ProgrammableTransaction(List.of(), List.of(
                new dev.walrusstream.sui.tx.Command.MoveCall(ABORTING, "m", "abort", List.of(), List.of())));
        SimulationResult failed = client.simulate(new TransactionData(aborting, ME,
                new GasData(List.of(gas), ME, gasPrice, 10_000_000), TransactionExpiration.NONE));
        ExecutionStatus.Failure f = (ExecutionStatus.Failure) failed.transaction().status();
        assertEquals("MOVE_ABORT", f.kind());
        assertEquals(42, f.abort().orElseThrow().abortCode());
    }

    @Test
    void refusedTransactionsSurfaceClearlyAndAreNotRetried() {
        TransactionData first = transfer(gas, 1, 10_000_000);
        client.execute(SignedTransaction.sign(first, KEY));
        TransactionData stale = transfer(gas, 2, 10_000_000); // gas ref is now an old version
        int before = faults.calls("ExecuteTransaction");
        TransactionRejectedException e = assertThrows(TransactionRejectedException.class,
                () -> client.execute(SignedTransaction.sign(stale, KEY)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertEquals(stale.digest(), e.digest());
        assertTrue(e.getMessage().contains("is not available for consumption"), e.getMessage());
        assertTrue(e.getMessage().contains(stale.digest().toString()), e.getMessage());
        assertEquals(1, e.attempts());
        assertEquals(before + 1, faults.calls("ExecuteTransaction"), "a refused transaction is not retried");

        SuiObject current = client.getObject(gas.objectId());
        TransactionData tx = transfer(current.ref(), 3, 10_000_000);
        SuiKeyPair stranger = SuiKeyPair.fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        SignedTransaction forged = new SignedTransaction(tx, List.of(stranger.signTransaction(tx)));
        e = assertThrows(TransactionRejectedException.class, () -> client.execute(forged));
        assertTrue(e.getMessage().contains("Signature is not valid"), e.getMessage());

        TransactionData tooExpensive = transfer(current.ref(), 3, 6_000_000_000L);
        e = assertThrows(TransactionRejectedException.class,
                () -> client.execute(SignedTransaction.sign(tooExpensive, KEY)));
        assertTrue(e.getMessage().contains("is lower than the needed amount"), e.getMessage());
    }

    @Test
    void failedExecutionNamesThePhase() {
        ProgrammableTransaction aborting = new ProgrammableTransaction(List.of(), List.of(
                new dev.walrusstream.sui.tx.Command.MoveCall(ABORTING, "m", "abort", List.of(), List.of())));
        TransactionData tx = new TransactionData(aborting, ME, new GasData(List.of(gas), ME, gasPrice, 10_000_000),
                TransactionExpiration.NONE);
        ExecutedTransaction done = client.executeAndWait(SignedTransaction.sign(tx, KEY));
        assertFalse(done.status().isSuccess());
        TransactionFailedException e = assertThrows(TransactionFailedException.class, () -> done.requireSuccess("certify"));
        assertEquals("certify", e.phase());
        assertTrue(e.getMessage().contains("MOVE_ABORT in command 0: abort code 42 in m::abort"), e.getMessage());
        assertTrue(e.gasUsed().computationCost() > 0, "a failed transaction still pays gas");
    }

    @Test
    void inboundLimitAdmitsLargeResponses() {
        ObjectId big = net.sui.plantObject(new Owner.AddressOwner(ME), "0x77::blob::Big", new byte[6 * 1024 * 1024]);
        assertEquals(6 * 1024 * 1024, client.getObject(big).requireContents().length);
        try (SuiClient small = connect(SuiClientOptions.DEFAULT.withMaxInboundMessageBytes(4 * 1024 * 1024)
                .withRetry(RetryPolicy.NONE))) {
            SuiRpcException e = assertThrows(SuiRpcException.class, () -> small.getObject(big));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
        }
    }

    @Test
    void retriesTransientFailuresOnly() {
        int before = faults.calls("GetObject");
        faults.failNext("GetObject", 2, Status.UNAVAILABLE.withDescription("node restarting"));
        assertEquals(gas, client.getObject(gas.objectId()).ref());
        assertEquals(before + 3, faults.calls("GetObject"), "two failures struck, the third call answered");

        faults.failNext("GetObject", 10, Status.UNAVAILABLE.withDescription("node down"));
        SuiUnavailableException down = assertThrows(SuiUnavailableException.class, () -> client.getObject(gas.objectId()));
        assertEquals(4, down.attempts());
        assertTrue(down.getMessage().contains("LedgerService/GetObject failed with UNAVAILABLE: node down (after 4 attempts)"),
                down.getMessage());

        faults.clear();
        int epochCalls = faults.calls("GetEpoch");
        faults.failNext("GetEpoch", 1, Status.PERMISSION_DENIED.withDescription("no token"));
        SuiRpcException denied = assertThrows(SuiRpcException.class, () -> client.referenceGasPrice());
        assertEquals(Status.Code.PERMISSION_DENIED, denied.code());
        assertEquals(epochCalls + 1, faults.calls("GetEpoch"), "a refusal is not retried");

        TransactionData tx = transfer(gas, 7, 10_000_000);
        int executes = faults.calls("ExecuteTransaction");
        faults.failNext("ExecuteTransaction", 2, Status.RESOURCE_EXHAUSTED.withDescription("rate limited"));
        ExecutedTransaction done = client.executeAndWait(SignedTransaction.sign(tx, KEY));
        assertTrue(done.status().isSuccess());
        assertEquals(executes + 3, faults.calls("ExecuteTransaction"), "two rate-limited attempts, then executed");
        assertEquals(tx.digest(), done.digest());
    }

    @Test
    void deadlinesBoundEveryCall() {
        try (SuiClient impatient = connect(SuiClientOptions.DEFAULT.withCallTimeout(Duration.ofMillis(300))
                .withRetry(RetryPolicy.NONE))) {
            faults.delay("GetServiceInfo", Duration.ofMillis(1500));
            long start = System.nanoTime();
            SuiTimeoutException e = assertThrows(SuiTimeoutException.class, impatient::serviceInfo);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 1200, "gave up after " + ms + " ms");
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
        }
    }

    @Test
    void executionWhoseAnswersAreLostIsFoundByDigest() {
        try (SuiClient impatient = connect(SuiClientOptions.DEFAULT.withExecuteTimeout(Duration.ofMillis(300))
                .withRetry(new RetryPolicy(2, Duration.ofMillis(200), Duration.ofMillis(200), RetryPolicy.TRANSIENT)))) {
            faults.delayResponse("ExecuteTransaction", Duration.ofMillis(450));
            TransactionData tx = transfer(gas, 9, 10_000_000);
            int executes = faults.calls("ExecuteTransaction");
            ExecutedTransaction done = impatient.executeAndWait(SignedTransaction.sign(tx, KEY));
            assertTrue(faults.calls("ExecuteTransaction") > executes, "the execution was sent");
            assertEquals(tx.digest(), done.digest());
            assertTrue(done.isCheckpointed());
            assertTrue(done.status().isSuccess());
            assertTrue(client.getTransaction(tx.digest()).isPresent(), "the ledger executed it once its answer was lost");
        }
    }

    @Test
    void sendsConfiguredHeaders() {
        try (SuiClient withToken = SuiClient.connect(SuiEndpoint.parse(net.server.url()).withHeader("x-token", "s3cret"),
                SuiClientOptions.DEFAULT)) {
            withToken.serviceInfo();
            assertEquals("s3cret", faults.lastHeaders().get(Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER)));
            assertFalse(SuiEndpoint.parse(net.server.url()).withHeader("x-token", "s3cret").toString().contains("s3cret"));
        }
    }

    @Test
    void waitingForACheckpointTimesOut() {
        try (SuiClient impatient = connect(SuiClientOptions.DEFAULT.withCheckpointWait(Duration.ofMillis(400)))) {
            TransactionData tx = transfer(gas, 9, 10_000_000); // signed by nobody, sent nowhere: never checkpointed
            SuiTimeoutException e = assertThrows(SuiTimeoutException.class,
                    () -> impatient.waitForCheckpoint(tx.digest(), Duration.ofMillis(400)));
            assertTrue(e.getMessage().contains("was not checkpointed within 400 ms"), e.getMessage());
        }
    }

    @Test
    void streamsCheckpointsInOrder() {
        try (CheckpointStream stream = client.subscribeCheckpoints()) {
            List<TransactionData> sent = new ArrayList<>();
            ObjectRef current = gas;
            for (int i = 0; i < 3; i++) {
                TransactionData tx = transfer(current, 10 + i, 10_000_000);
                ExecutedTransaction done = client.execute(SignedTransaction.sign(tx, KEY));
                current = done.newRef(gas.objectId()).orElseThrow();
                sent.add(tx);
            }
            List<Object> seen = new ArrayList<>();
            long last = -1;
            while (seen.size() < 3) {
                Checkpoint cp = stream.next(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no checkpoint"));
                assertTrue(cp.sequenceNumber() > last, "checkpoints arrive in order");
                last = cp.sequenceNumber();
                for (ExecutedTransaction t : cp.transactions()) {
                    seen.add(t.digest());
                    assertEquals(cp.sequenceNumber(), t.checkpoint().getAsLong());
                    assertTrue(t.status().isSuccess());
                }
            }
            assertEquals(sent.stream().map(TransactionData::digest).collect(Collectors.toList()), seen);
            assertTrue(stream.next(Duration.ofMillis(300)).isEmpty(), "nothing more was executed");
        }
    }

    @Test
    void streamFailureIsReported() {
        CheckpointStream stream = client.subscribeCheckpoints();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (faults.calls("SubscribeCheckpoints") == 0) {
            assertTrue(System.nanoTime() < deadline, "the subscription never reached the server");
            Thread.onSpinWait();
        }
        net.server.close();
        SuiRpcException e = assertThrows(SuiRpcException.class, () -> {
            while (true) {
                stream.next(Duration.ofSeconds(5)).orElseThrow();
            }
        });
        assertTrue(Set.of(Status.Code.UNAVAILABLE, Status.Code.CANCELLED).contains(e.code()), e.getMessage());
        stream.close();
        assertThrows(IllegalStateException.class, () -> stream.next(Duration.ofMillis(1)));
    }
}
