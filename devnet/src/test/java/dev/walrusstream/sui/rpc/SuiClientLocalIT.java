package dev.walrusstream.sui.rpc;

import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.devnet.sui.SuiFaults;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.keys.SignedTransaction;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.GasData;
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
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gRPC client against devnet's LocalSui (the real ledger served as Sui over gRPC on loopback): retries,
 * deadlines, lost answers and headers with {@link SuiFaults} striking chosen calls, checkpoint waits and the
 * checkpoint stream.
 */
class SuiClientLocalIT {
    private static final SuiKeyPair KEY = LocalSuiFixture.key("client faults");
    private static final SuiAddress OTHER = SuiAddress.parsePrefixed("0xbeef");

    @TempDir
    Path dir;
    private final SuiFaults faults = new SuiFaults();
    private LocalSuiFixture net;
    private SuiClient client;
    private ObjectRef gas;

    @BeforeEach
    void start() throws Exception {
        net = LocalSuiFixture.create(dir, Map.of(KEY, LocalSuiFixture.FUNDS), faults);
        client = connect(SuiClientOptions.DEFAULT.withRetry(new RetryPolicy(4, Duration.ofMillis(20),
                Duration.ofMillis(100), RetryPolicy.TRANSIENT)));
        gas = client.getObject(net.sui.mintSui(KEY.address(), 5_000_000_000L)).ref();
    }

    @AfterEach
    void stop() {
        client.close();
        net.close();
    }

    private SuiClient connect(SuiClientOptions options) {
        return SuiClient.connect(SuiEndpoint.parse(net.server.url()), options);
    }

    private TransactionData transfer(ObjectRef gasRef, long amount, long budget) {
        PtbBuilder ptb = new PtbBuilder();
        Argument.Result coin = ptb.splitCoins(Argument.GAS_COIN, ptb.pure(Pure.u64(amount)));
        ptb.transferObjects(List.of(coin.get(0)), ptb.pure(Pure.address(OTHER)));
        return new TransactionData(ptb.build(), KEY.address(), new GasData(List.of(gasRef), KEY.address(),
                client.referenceGasPrice(), budget), TransactionExpiration.NONE);
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
