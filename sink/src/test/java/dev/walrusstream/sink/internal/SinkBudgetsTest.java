package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.RegisterOp;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.SinkLimits;
import dev.walrusstream.sink.SinkSettings;
import dev.walrusstream.sink.WalrusCommittable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink's budgets with a scripted store: the health gate holds writes, the hourly WAL cap holds the next one. */
class SinkBudgetsTest {

    static final class ScriptedStore implements BlobStore {
        final AtomicInteger healthChecks = new AtomicInteger();
        final AtomicInteger prepares = new AtomicInteger();
        int unhealthyChecks;
        long cost = 1_000;

        @Override
        public int nShards() {
            return 10;
        }

        @Override
        public StorageClient.ShardHealth shardHealth() {
            int n = healthChecks.incrementAndGet();
            return new StorageClient.ShardHealth(n <= unhealthyChecks ? 5 : 10, 10, 7);
        }

        @Override
        public long estimateCost(long encodedLength, int epochs) {
            return cost;
        }

        @Override
        public Prepared prepare(EncodedBlob blob, StoreOptions options) {
            prepares.incrementAndGet();
            ObjectId id = ObjectId.of(new byte[32]);
            BlobObject o = new BlobObject(id, 1, blob.blobId(), blob.unencodedLength(), 1, null,
                    new StorageResource(id, 1, 3, blob.encodedLength()), false);
            return new Prepared.Ready(o, new StorageCertificate(new byte[48], new byte[]{1}, new byte[8]),
                    new RegisterOp.RegisterFromScratch(blob.encodedLength(), 2), cost, List.of("n0"), List.of());
        }

        @Override
        public StoreResult certify(ObjectId object, StorageCertificate certificate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long suiSpent() {
            return 0; // scripted: no chain, no gas
        }

        @Override
        public void close() {
        }
    }

    static SinkSettings settings(SinkLimits limits) {
        return new SinkSettings("{\"chain\":{}}", 2, false, 1, 3, Duration.ofMillis(10), "k:9092", "http://r",
                "walrus.receipts", "t").withLimits(limits);
    }

    static BlobTask task(String name) {
        BlobPart p = BlobPart.builder()
                .uploadId(name)
                .segments(1)
                .build();
        BlobTask t = BlobTask.segment(p, new byte[]{1, 2, 3, 4});
        return t;
    }

    @Test
    void theHealthGateHoldsWritesUntilNMinusFShardsAreHealthy() throws Exception {
        ScriptedStore store = new ScriptedStore();
        store.unhealthyChecks = 3;
        PauseState pause = new PauseState();
        List<String> reasonsWhileWaiting = new ArrayList<>();
        List<Duration> sleeps = new ArrayList<>();
        BlobStorer storer = new BlobStorer(settings(new SinkLimits(0, true)), store, pause, d -> {
            sleeps.add(d);
            reasonsWhileWaiting.add(pause.reason());
            assertEquals(0, store.prepares.get(), "nothing is registered while the gate is closed");
        });
        WalrusCommittable c = storer.prepare(task("u1"));
        assertEquals(WalrusCommittable.Status.READY, c.status());
        assertEquals(4, store.healthChecks.get());
        assertEquals(3, sleeps.size());
        assertTrue(reasonsWhileWaiting.get(0).contains("only 5 of 10 shards") && reasonsWhileWaiting.get(0)
                .contains("n - f = 7"), reasonsWhileWaiting.get(0));
        assertFalse(pause.isPaused(), "resumed once healthy");

        ScriptedStore ungated = new ScriptedStore();
        ungated.unhealthyChecks = 100;
        new BlobStorer(settings(SinkLimits.NONE), ungated, new PauseState(), d -> { }).prepare(task("u2"));
        assertEquals(0, ungated.healthChecks.get(), "no gate, no checks");
    }

    @Test
    void theHourlyWalCapHoldsTheNextWriteOnceReached() throws Exception {
        ScriptedStore store = new ScriptedStore();
        store.cost = 600;
        PauseState pause = new PauseState();
        BlobStorer storer = new BlobStorer(settings(new SinkLimits(1_000, false)), store, pause, d -> { });
        assertEquals(WalrusCommittable.Status.READY, storer.prepare(task("a")).status());
        assertEquals(600, storer.walSpent());
        Thread second = new Thread(() -> {
            try {
                storer.prepare(task("b"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!pause.isPaused() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(pause.isPaused(), "the second write waits under the cap");
        assertTrue(pause.reason().contains("WAL budget") && pause.reason().contains("b"), pause.reason());
        assertEquals(1, store.prepares.get(), "the second blob was not registered");
        second.interrupt();
        second.join(10_000);
        assertFalse(second.isAlive());
        assertEquals(1, store.prepares.get());
    }
}
