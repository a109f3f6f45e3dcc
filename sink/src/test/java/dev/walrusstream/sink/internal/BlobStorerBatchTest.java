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

/**
 * {@link BlobStorer#certifyAll}: a checkpoint's committables certified together; a blob refused for
 * good settles as ERROR without holding the others; transient and job-level failures are retried
 * for the failed ones only; settled committables are passed through untouched.
 */
class BlobStorerBatchTest {
    private final ScriptedBlobStore store = new ScriptedBlobStore();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final PauseState pause = new PauseState(clock::get);
    private final List<Duration> sleeps = new ArrayList<>();
    private final BlobStorer storer = new BlobStorer(BlobStorerTest.SETTINGS, store, pause, d -> {
        sleeps.add(d);
        clock.addAndGet(d.toMillis());
    });

    List<WalrusCommittable> ready(String... names) throws Exception {
        List<WalrusCommittable> out = new ArrayList<>();
        for (String n : names) {
            out.add(storer.prepare(BlobStorerTest.task(n, 300)));
        }
        return out;
    }

    @Test
    void allReadyCommittablesSettleInOrderAndSettledOnesPassThrough() throws Exception {
        List<WalrusCommittable> cs = new ArrayList<>(ready("a", "b", "c"));
        WalrusCommittable done = storer.certify(storer.prepare(BlobStorerTest.task("d", 300)));
        cs.add(1, done);
        int before = store.certified.size();
        List<WalrusCommittable> out = storer.certifyAll(cs);
        assertEquals(4, out.size());
        assertEquals(done, out.get(1), "a settled committable passes through untouched");
        for (int i : List.of(0, 2, 3)) {
            assertEquals(Status.NEWLY_CREATED, out.get(i).status());
            assertEquals(cs.get(i).objectId(), out.get(i).objectId());
        }
        assertEquals(before + 3, store.certified.size(), "only the READY ones go to the chain");
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void aBlobRefusedForGoodIsIsolatedAndATransientFailureIsRetriedAlone() throws Exception {
        List<WalrusCommittable> cs = ready("a", "b", "c");
        // first round: a refused for good, b unreachable, c certified; second round: b certified
        store.certifyScript.add(o -> new StoreResult.Failed(null, Phase.CERTIFY, "blob object gone", Rule.OBJECT_NOT_FOUND));
        store.certifyScript.add(o -> new StoreResult.Failed(null, Phase.CERTIFY, "chain unreachable", null));
        List<WalrusCommittable> out = storer.certifyAll(cs);
        assertEquals(Status.ERROR, out.get(0).status());
        assertEquals(new WalrusCommittable.Failure("certify", "blob object gone"), out.get(0).failure());
        assertEquals(Status.NEWLY_CREATED, out.get(1).status());
        assertEquals(Status.NEWLY_CREATED, out.get(2).status());
        assertEquals(List.of(cs.get(0).objectId(), cs.get(1).objectId(), cs.get(2).objectId(), cs.get(1).objectId()),
                store.certified, "the second round holds only the blob that failed transiently");
        assertEquals(1, sleeps.size(), "one backoff between the rounds");
        assertFalse(pause.isPaused());
    }

    @Test
    void aJobLevelFailurePausesTheBatchUntilItPasses() throws Exception {
        List<WalrusCommittable> cs = ready("a", "b");
        store.certifyScript.add(o -> new StoreResult.Failed(null, Phase.CERTIFY, "INSUFFICIENT_GAS: 0 MIST", Rule.INSUFFICIENT_GAS));
        store.certifyScript.add(o -> new StoreResult.Failed(null, Phase.CERTIFY, "INSUFFICIENT_GAS: 0 MIST", Rule.INSUFFICIENT_GAS));
        List<WalrusCommittable> out = storer.certifyAll(cs);
        assertEquals(Status.NEWLY_CREATED, out.get(0).status());
        assertEquals(Status.NEWLY_CREATED, out.get(1).status());
        assertEquals(1, pause.pauses());
        assertFalse(pause.isPaused(), "resumed once the batch passed");
    }
}
