package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.Rule;
import dev.walrusstream.client.Phase;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.SinkSettings;
import dev.walrusstream.sink.WalrusCommittable;
import dev.walrusstream.sink.WalrusCommittable.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BlobStorer} against a scripted chain and committee: each failure class, pause and resume. */
class BlobStorerTest {
    static final SinkSettings SETTINGS = new SinkSettings("{\"scripted\":true}", 5, false, 2, 3, Duration.ofMillis(100),
            "localhost:9092", "http://localhost:8081", "walrus.receipts", "test");

    private final ScriptedBlobStore store = new ScriptedBlobStore();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final PauseState pause = new PauseState(clock::get);
    private final List<Duration> sleeps = new ArrayList<>();
    private final BlobStorer storer = new BlobStorer(SETTINGS, store, pause, d -> {
        sleeps.add(d);
        clock.addAndGet(d.toMillis());
    });

    static BlobTask task(String name, int size) {
        BlobPart p = BlobPart.builder()
                .uploadId(name)
                .sourceName(name + ".bin")
                .segments(1)
                .size(size)
                .build();
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + name.hashCode());
        }
        return BlobTask.segment(p, data);
    }

    @Test
    void aCleanStoreIsReadyThenCertifiedOnce() throws Exception {
        WalrusCommittable c = storer.prepare(task("a", 500));
        assertEquals(Status.READY, c.status());
        assertNotNull(c.certificate());
        assertEquals(77, storer.walSpent());
        WalrusCommittable done = storer.certify(c);
        assertEquals(Status.NEWLY_CREATED, done.status());
        assertEquals(Status.NEWLY_CREATED, storer.certify(done).status(), "settled committables are not certified again");
        assertEquals(1, store.certified.size());
        assertEquals(1, store.registrationsPaid);
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void transientFailuresAreRetriedWithJitteredCappedBackoffWithoutFailing() throws Exception {
        store.prepareScript.add(ScriptedBlobStore.failPrepare(Phase.UPLOAD, null, "node n3 timed out"));
        store.prepareScript.add(ScriptedBlobStore.failPrepare(Phase.REGISTER, Rule.STALE_OBJECT_VERSION, "coin moved"));
        WalrusCommittable c = storer.prepare(task("b", 400));
        assertEquals(Status.READY, c.status());
        assertEquals(3, store.prepared.size());
        assertEquals(2, sleeps.size());
        assertTrue(sleeps.get(0).toMillis() >= 50 && sleeps.get(0).toMillis() <= 100, "first wait within [initial/2, initial]: " + sleeps);
        assertTrue(sleeps.get(1).toMillis() >= 100 && sleeps.get(1).toMillis() <= 200, "second wait doubled: " + sleeps);
        assertFalse(pause.isPaused(), "two transient failures are not a pause");
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3));
        for (int i = 0; i < 50; i++) {
            assertTrue(b.delay(40).toMillis() <= 3000, "the backoff is capped");
        }
    }

    @Test
    void aFailurePermanentForTheBlobSettlesItAsErrorAndTheNextBlobGoesOn() throws Exception {
        store.prepareScript.add(ScriptedBlobStore.failPrepare(Phase.REGISTER, Rule.RESOURCE_SIZE, "RESOURCE_SIZE: too large"));
        WalrusCommittable c = storer.prepare(task("c", 300));
        assertEquals(Status.ERROR, c.status());
        assertEquals("register", c.failure().phase());
        assertTrue(c.failure().reason().contains("too large"));
        assertEquals(1, store.prepared.size(), "not retried");
        assertEquals(Status.READY, storer.prepare(task("d", 300)).status());
    }

    @Test
    void aJobLevelRefusalPausesUntilFixedThenResumesWithNothingLost() throws Exception {
        for (int i = 0; i < 6; i++) {
            store.prepareScript.add(ScriptedBlobStore.failPrepare(Phase.REGISTER, Rule.INSUFFICIENT_BALANCE,
                    "INSUFFICIENT_BALANCE: account 0xab holds 3 FROST, needs 1000"));
        }
        List<Boolean> pausedDuringRetries = new ArrayList<>();
        BlobStorer watching = new BlobStorer(SETTINGS, store, pause, d -> {
            pausedDuringRetries.add(pause.isPaused());
            clock.addAndGet(d.toMillis());
        });
        WalrusCommittable c = watching.prepare(task("e", 300));
        assertEquals(Status.READY, c.status(), "resumed by itself once the account was funded");
        assertEquals(7, store.prepared.size());
        assertEquals(List.of(true, true, true, true, true, true), pausedDuringRetries);
        assertFalse(pause.isPaused());
        assertEquals(1, pause.pauses());
        assertTrue(pause.secondsPaused() > 0, "paused time is counted: " + pause.secondsPaused());
        assertTrue(pause.reason().contains("INSUFFICIENT_BALANCE"), pause.reason());
        assertTrue(pause.howToFix().contains("WAL"), pause.howToFix());
    }

    @Test
    void storageThatStaysUnreachableIsReportedAsAPause() throws Exception {
        for (int i = 0; i < 4; i++) {
            store.prepareScript.add(ScriptedBlobStore.failPrepare(Phase.CONFIRM, null, "2 of 10 shards confirmed"));
        }
        List<Boolean> paused = new ArrayList<>();
        BlobStorer watching = new BlobStorer(SETTINGS, store, pause, d -> {
            paused.add(pause.isPaused());
            clock.addAndGet(d.toMillis());
        });
        assertEquals(Status.READY, watching.prepare(task("f", 200)).status());
        assertEquals(List.of(false, false, true, true), paused, "paused from the third try in a row (storeAttempts = 3)");
        assertFalse(pause.isPaused());
    }

    @Test
    void certifyRetriesTransientAndPausesOnGasThenSettles() throws Exception {
        WalrusCommittable c = storer.prepare(task("g", 200));
        store.certifyScript.add(o -> new StoreResult.Failed(null, Phase.CERTIFY, "chain unreachable", null));
        store.certifyScript.add(o -> new StoreResult.Failed(null, Phase.CERTIFY, "INSUFFICIENT_GAS: 0 MIST", Rule.INSUFFICIENT_GAS));
        WalrusCommittable done = storer.certify(c);
        assertEquals(Status.NEWLY_CREATED, done.status());
        assertEquals(3, store.certified.size());
        assertEquals(1, pause.pauses());
        assertFalse(pause.isPaused());
    }

    @Test
    void aCertificateRefusedForGoodSettlesAsErrorWithPhaseAndReason() throws Exception {
        WalrusCommittable c = storer.prepare(task("h", 200));
        store.certifyScript.add(o -> new StoreResult.Failed(null, Phase.CERTIFY, "blob object gone", Rule.OBJECT_NOT_FOUND));
        WalrusCommittable done = storer.certify(c);
        assertEquals(Status.ERROR, done.status());
        assertEquals(new WalrusCommittable.Failure("certify", "blob object gone"), done.failure());
    }

    @Test
    void aBlobTooLargeForTheNetworkIsAnEncodeError() throws Exception {
        WalrusCommittable c = storer.prepare(task("i", 2_000_000)); // 10 shards hold at most 1,834,952 bytes
        assertEquals(Status.ERROR, c.status());
        assertEquals("encode", c.failure().phase());
        assertTrue(store.prepared.isEmpty(), "nothing registered");
    }
}
