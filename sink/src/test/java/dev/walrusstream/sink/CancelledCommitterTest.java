package dev.walrusstream.sink;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.client.Phase;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.sink.WalrusSinkWriterTest.Request;
import dev.walrusstream.sink.WalrusSinkWriterTest.UnfundedStore;
import dev.walrusstream.sink.internal.BlobStorer;
import dev.walrusstream.sink.internal.PauseState;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A committer cancelled by Flink (its thread interrupted) while its certify transaction is on the
 * wire stops quietly: the interrupted gRPC call ends {@code CANCELLED} and gRPC sets the interrupt
 * flag again, as {@code SuiChain} does, and that is not a transient chain failure to log and retry.
 * A {@code CANCELLED} the server sends (the thread not interrupted) is still transient and retried.
 */
class CancelledCommitterTest {
    static final String CANCELLED = "certify: LedgerService/ExecuteTransaction: CANCELLED: interrupted: Thread interrupted";

    private final List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Logger storerLog = Logger.getLogger(BlobStorer.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheStorersLog() {
        storerLog.addHandler(capture);
    }

    @AfterEach
    void release() {
        storerLog.removeHandler(capture);
    }

    /** Blocks in the certify transaction until interrupted, then fails as an interrupted gRPC call does. */
    static final class InterruptedOnTheWire extends UnfundedStore {
        final CountDownLatch onTheWire = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<StoreResult> certifyAll(List<StorageClient.ToCertify> entries) {
            calls.incrementAndGet();
            onTheWire.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(2));
                throw new AssertionError("the committer was not interrupted");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // what gRPC's blocking call does before throwing CANCELLED
            }
            List<StoreResult> out = new ArrayList<>();
            entries.forEach(x -> out.add(new StoreResult.Failed(null, Phase.CERTIFY, CANCELLED, null)));
            return out;
        }
    }

    @Test
    void aCommitterInterruptedInItsCertifyTransactionStopsWithoutRetryingOrLoggingAFailure() throws Exception {
        InterruptedOnTheWire store = new InterruptedOnTheWire();
        store.funded.set(true);
        PauseState pause = new PauseState();
        AtomicInteger sleeps = new AtomicInteger();
        BlobStorer storer = new BlobStorer(WalrusSinkWriterTest.SETTINGS, store, pause, d -> {
            sleeps.incrementAndGet();
            Thread.sleep(d.toMillis());
        });
        WalrusCommitter committer = new WalrusCommitter(storer, InternalSinkCommitterMetricGroup.wrap(
                UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()));
        Request a = new Request(storer.prepare(WalrusSinkWriterTest.task("a")));
        Request b = new Request(storer.prepare(WalrusSinkWriterTest.task("b")));

        Thread[] committerThread = new Thread[1];
        CompletableFuture<Void> commit = new CompletableFuture<>();
        committerThread[0] = new Thread(() -> {
            try {
                committer.commit(new ArrayList<>(List.of(a, b)));
                commit.complete(null);
            } catch (Throwable t) {
                commit.completeExceptionally(t);
            }
        }, "committer");
        committerThread[0].start();
        assertTrue(store.onTheWire.await(1, TimeUnit.MINUTES), "the certify transaction started");
        committerThread[0].interrupt(); // Flink cancelling the task
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> commit.get(1, TimeUnit.MINUTES));

        assertInstanceOf(InterruptedException.class, e.getCause(), "the committer stops with an InterruptedException");
        assertEquals(1, store.calls.get(), "the certify transaction was not retried");
        assertEquals(0, sleeps.get(), "no backoff before a retry");
        assertFalse(pause.isPaused(), "a cancelled committer does not report itself paused");
        assertTrue(logged.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                "nothing logged as a failure: " + logged.stream().map(LogRecord::getMessage).toList());
        assertTrue(logged.stream().noneMatch(r -> r.getMessage().contains("retrying")), "no 'retrying'");
        assertEquals(0, a.updates + b.updates, "nothing settled: the committables stay READY for the next attempt");
        assertEquals(WalrusCommittable.Status.READY, a.committable.status());
    }

    @Test
    void aCancelledCallTheThreadDidNotCauseIsStillTransientAndRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        UnfundedStore store = new UnfundedStore() {
            @Override
            public StoreResult certify(ObjectId object, StorageCertificate certificate) {
                certifications.incrementAndGet();
                if (calls.incrementAndGet() == 1) {
                    return new StoreResult.Failed(null, Phase.CERTIFY, "certify: CANCELLED: the server went away", null);
                }
                return super.certify(object, certificate);
            }
        };
        store.funded.set(true);
        BlobStorer storer = new BlobStorer(WalrusSinkWriterTest.SETTINGS, store, new PauseState(), d -> { });
        WalrusCommitter committer = new WalrusCommitter(storer, InternalSinkCommitterMetricGroup.wrap(
                UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()));
        Request request = new Request(storer.prepare(WalrusSinkWriterTest.task("c")));
        committer.commit(new ArrayList<>(List.of(request)));
        assertEquals(WalrusCommittable.Status.NEWLY_CREATED, request.committable.status());
        assertEquals(2, calls.get(), "retried once");
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("retrying")),
                "the retry is logged (and this test sees the storer's log): "
                        + logged.stream().map(LogRecord::getMessage).toList());
    }
}
