package dev.walrusstream.sink;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.chain.Rule;
import dev.walrusstream.client.Phase;
import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.sink.internal.BlobStore;
import dev.walrusstream.sink.internal.BlobStorer;
import dev.walrusstream.sink.internal.PauseState;
import dev.walrusstream.sink.internal.Sleeper;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer backpressures while paused and loses nothing; the committer certifies once and reports the outcome downstream. */
class WalrusSinkWriterTest {
    static final SinkSettings SETTINGS = new SinkSettings("{\"scripted\":true}", 5, false, 2, 3, Duration.ofMillis(5),
            "localhost:9092", "http://localhost:8081", "walrus.receipts", "test");

    /** Refuses every registration for want of WAL until {@link #funded} is set. */
    static class UnfundedStore implements BlobStore {
        final AtomicBoolean funded = new AtomicBoolean();
        final AtomicInteger refusals = new AtomicInteger();
        final AtomicInteger registrations = new AtomicInteger();
        final AtomicInteger certifications = new AtomicInteger();

        @Override
        public int nShards() {
            return 10;
        }

        @Override
        public Prepared prepare(EncodedBlob blob, StoreOptions options) {
            if (!funded.get()) {
                refusals.incrementAndGet();
                return new Prepared.Done(new StoreResult.Failed(blob.blobId(), Phase.REGISTER,
                        "INSUFFICIENT_BALANCE: holds 0 FROST", Rule.INSUFFICIENT_BALANCE));
            }
            registrations.incrementAndGet();
            return dev.walrusstream.sink.internal.ScriptedStores.ready(blob.blobId());
        }

        @Override
        public StoreResult certify(ObjectId object, dev.walrusstream.chain.StorageCertificate certificate) {
            certifications.incrementAndGet();
            return dev.walrusstream.sink.internal.ScriptedStores.certified(certificate);
        }

        @Override
        public long suiSpent() {
            return 0; // scripted: no chain, no gas
        }

        @Override
        public void close() {
        }
    }

    static BlobTask task(String name) {
        BlobPart p = BlobPart.builder()
                .uploadId(name)
                .segments(1)
                .build();
        return BlobTask.segment(p, (name + " bytes").getBytes());
    }

    @Test
    void aPausedWriterBackpressuresAndResumesWithEveryBlobOnceFunded() throws Exception {
        UnfundedStore store = new UnfundedStore();
        PauseState pause = new PauseState();
        InternalSinkWriterMetricGroup metrics = InternalSinkWriterMetricGroup.wrap(
                UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup());
        WalrusSinkWriter writer = new WalrusSinkWriter(new BlobStorer(SETTINGS, store, pause, Sleeper.REAL), 2, metrics);
        writer.write(task("a"), null);
        writer.write(task("b"), null);
        CountDownLatch thirdWritten = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread third = new Thread(() -> {
            try {
                writer.write(task("c"), null);
                thirdWritten.countDown();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        third.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pause.isPaused() || store.refusals.get() < 4) {
            assertTrue(System.nanoTime() < deadline, "the writer never paused");
            Thread.sleep(5);
        }
        assertFalse(thirdWritten.await(200, TimeUnit.MILLISECONDS), "a paused writer takes no more blobs: it backpressures");
        store.funded.set(true);
        assertTrue(thirdWritten.await(30, TimeUnit.SECONDS), "resumed by itself once funded");
        Collection<WalrusCommittable> ready = writer.prepareCommit();
        assertNull(failure.get());
        assertEquals(3, ready.size());
        ready.forEach(c -> assertEquals(WalrusCommittable.Status.READY, c.status()));
        assertEquals(3, store.registrations.get(), "one registration per blob, none while refused");
        assertFalse(pause.isPaused());
        assertEquals(3, metrics.getNumRecordsSendCounter().getCount());
        assertEquals(0, metrics.getNumRecordsSendErrorsCounter().getCount());
        writer.close();
    }

    /** A commit request as Flink's committer operator hands it over. */
    static final class Request implements Committer.CommitRequest<WalrusCommittable> {
        WalrusCommittable committable;
        int retries;
        int updates;

        Request(WalrusCommittable c) {
            committable = c;
        }

        @Override
        public WalrusCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return retries;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            throw new AssertionError("failed the job: " + t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            throw new AssertionError("failed the job: " + t);
        }

        @Override
        public void retryLater() {
            retries++;
        }

        @Override
        public void updateAndRetryLater(WalrusCommittable c) {
            committable = c;
            updates++;
            retries++;
        }

        @Override
        public void signalAlreadyCommitted() {
        }
    }

    @Test
    void theCommitterCertifiesOnceAndHandsTheOutcomeDownstream() throws Exception {
        UnfundedStore store = new UnfundedStore();
        store.funded.set(true);
        BlobStorer storer = new BlobStorer(SETTINGS, store, new PauseState(), Sleeper.REAL);
        WalrusCommittable ready = storer.prepare(task("x"));
        WalrusCommittable invalid = ready.settled(WalrusCommittable.Status.MARKED_INVALID, null, -1, -1, null, 1);
        WalrusCommitter committer = new WalrusCommitter(storer, InternalSinkCommitterMetricGroup.wrap(
                UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()));
        Request first = new Request(ready);
        Request settled = new Request(invalid);
        committer.commit(new ArrayList<>(List.of(first, settled)));
        assertEquals(WalrusCommittable.Status.NEWLY_CREATED, first.committable.status());
        assertEquals(1, first.updates);
        assertEquals(0, settled.updates, "a settled committable is committed as it is");
        committer.commit(new ArrayList<>(List.of(first))); // Flink's immediate retry after the update
        assertEquals(1, first.updates, "the retry finds it settled and completes");
        assertEquals(1, store.certifications.get(), "certified once");
    }

    @Test
    void aCertifyRefusedForTheBlobSettlesErrorDownstreamAndATransientOneIsRetriedNeverFailingTheJob() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        UnfundedStore store = new UnfundedStore() {
            @Override
            public StoreResult certify(ObjectId object, dev.walrusstream.chain.StorageCertificate certificate) {
                certifications.incrementAndGet();
                return switch (calls.incrementAndGet()) {
                    case 1 -> new StoreResult.Failed(null, Phase.CERTIFY, "the chain did not answer", null); // transient
                    default -> new StoreResult.Failed(null, Phase.CERTIFY, "blob object " + object + " does not exist",
                            Rule.OBJECT_NOT_FOUND); // permanent for this blob
                };
            }
        };
        store.funded.set(true);
        BlobStorer storer = new BlobStorer(SETTINGS, store, new PauseState(), Sleeper.REAL);
        WalrusCommitter committer = new WalrusCommitter(storer, InternalSinkCommitterMetricGroup.wrap(
                UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()));
        Request request = new Request(storer.prepare(task("gone")));
        committer.commit(new ArrayList<>(List.of(request))); // Request fails the test if the job is failed
        assertEquals(2, store.certifications.get(), "the transient refusal was retried inside the committer");
        assertEquals(WalrusCommittable.Status.ERROR, request.committable.status());
        assertEquals("certify", request.committable.failure().phase());
        assertTrue(request.committable.failure().reason().contains("does not exist"), request.committable.failure().reason());
        assertEquals(1, request.updates, "handed downstream through updateAndRetryLater: it gets an ERROR receipt");
        committer.commit(new ArrayList<>(List.of(request)));
        assertEquals(2, store.certifications.get(), "the settled ERROR is committed as it is, not certified again");
    }
}
