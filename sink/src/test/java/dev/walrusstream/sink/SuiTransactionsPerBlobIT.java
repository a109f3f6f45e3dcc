package dev.walrusstream.sink;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.sink.WalrusCommittable.Status;
import dev.walrusstream.sink.internal.BlobStorer;
import dev.walrusstream.sink.internal.PauseState;
import dev.walrusstream.sink.internal.Sleeper;
import dev.walrusstream.sink.internal.StorageClientBlobStore;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.testsupport.Networks;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink's Sui transactions per blob, counted on SuiChain against LocalSui (one checkpoint per
 * transaction) with four real storage nodes: the 8 blobs of one checkpoint cost 2 transactions (one
 * registration batch, one certification batch), 0.25 per blob, against 9 with one registration per
 * blob; the SUI gas of both is printed. A registration batch that landed just before the writer
 * died is found and reused by the next writer: one registration per blob, WAL paid once.
 */
class SuiTransactionsPerBlobIT {
    static final SuiKeyPair ALICE = SuiKeyPair.fromSeed(new byte[] {
        11, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});
    static final int K = 8;
    static final ClientOptions OPTIONS = ClientOptions.DEFAULTS.withRetries(1, Duration.ofMillis(100))
            .withMaxExtraUploadTime(Duration.ofSeconds(3));

    @TempDir
    static Path dir;
    static LocalNetwork net;
    static SuiChain observer;

    @BeforeAll
    static void start() throws Exception {
        net = Networks.createSui(dir, 4, 10, ALICE);
        observer = Networks.suiChain(net, ALICE);
    }

    @AfterAll
    static void stop() {
        observer.close();
        net.close();
    }

    static long transactions() {
        return observer.client().latestCheckpoint("sequence_number").sequenceNumber();
    }

    static long wal() {
        return observer.balance(observer.account().orElseThrow());
    }

    static SinkSettings settings(RegisterBatching batching) {
        return new SinkSettings("{\"unused\":true}", 2, false, K, 3, Duration.ofMillis(50), "localhost:9092",
                "http://localhost:8081", "walrus.receipts", "test").withRegisterBatching(batching);
    }

    static BlobStorer storer(Chain chain, SinkSettings settings) {
        return new BlobStorer(settings, new StorageClientBlobStore(chain, OPTIONS, settings.registerBatchLimit(),
                settings.registerBatching().maxWait()), new PauseState(), Sleeper.REAL);
    }

    static List<BlobTask> tasks(String prefix, long seed, int k) {
        List<BlobTask> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            byte[] data = Networks.random(30_000 + i * 1000, seed + i);
            out.add(BlobTask.segment(BlobPart.builder().uploadId(prefix + "-" + i).segments(1).size(data.length).build(),
                    data));
        }
        return out;
    }

    /** One checkpoint of the sink: the writer stores the tasks, the committer certifies what it handed over. */
    record Checkpoint(long transactions, long gas, List<WalrusCommittable> settled) {
    }

    static Checkpoint checkpoint(SinkSettings settings, List<BlobTask> tasks) throws Exception {
        long tx0 = transactions();
        try (BlobStorer storer = storer(Networks.suiChain(net, ALICE), settings)) {
            WalrusSinkWriter writer = new WalrusSinkWriter(storer, settings.blobsInFlight(),
                    InternalSinkWriterMetricGroup.wrap(UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()));
            for (BlobTask t : tasks) {
                writer.write(t, null);
            }
            List<WalrusCommittable> ready = new ArrayList<>(writer.prepareCommit());
            ready.forEach(c -> assertEquals(Status.READY, c.status(), c.toString()));
            List<WalrusCommittable> settled = storer.certifyAll(ready);
            return new Checkpoint(transactions() - tx0, storer.suiSpent(), settled);
        }
    }

    @Test
    void eightBlobsOfOneCheckpointCostTwoSuiTransactions() throws Exception {
        Checkpoint single = checkpoint(settings(RegisterBatching.NONE), tasks("single", 100, K));
        Checkpoint batched = checkpoint(settings(new RegisterBatching(K, Duration.ofSeconds(10))), tasks("batched", 200, K));
        for (Checkpoint c : List.of(single, batched)) {
            assertEquals(K, c.settled().size());
            for (WalrusCommittable s : c.settled()) {
                assertEquals(Status.NEWLY_CREATED, s.status(), s.toString());
                assertTrue(observer.blobObject(s.objectId()).orElseThrow().isCertified(), "certified: " + s.objectId());
            }
        }
        System.out.printf("SuiTransactionsPerBlobIT: %d blobs: one registration per blob %d tx (%.3f/blob, %d MIST gas), "
                        + "batched %d tx (%.3f/blob, %d MIST gas)%n", K, single.transactions(),
                single.transactions() / (double) K, single.gas(), batched.transactions(),
                batched.transactions() / (double) K, batched.gas());
        assertEquals(K + 1, single.transactions(), "one registration per blob and one certification batch");
        assertEquals(2, batched.transactions(), "one registration batch and one certification batch");
        assertTrue(batched.transactions() <= 0.25 * K, "at most 0.25 transactions per blob");
        assertTrue(batched.gas() > 0 && batched.gas() < single.gas(), "the batch pays less gas: " + batched.gas()
                + " against " + single.gas());
    }

    /** A writer that dies right after its registration batch executed on the chain. */
    static final class Crash extends RuntimeException {
        Crash() {
            super("crashed after registerBlobs");
        }
    }

    static Chain crashingAfterRegisterBlobs(Chain real, AtomicBoolean armed) {
        return (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[]{Chain.class}, (p, m, args) -> {
            Object result;
            try {
                result = m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (m.getName().equals("registerBlobs") && armed.getAndSet(false)) {
                throw new Crash();
            }
            return result;
        });
    }

    /** Every task prepared at once on its own thread (as the writer's store threads do). */
    static List<Future<WalrusCommittable>> prepareTogether(BlobStorer storer, List<BlobTask> tasks, ExecutorService pool) {
        List<Future<WalrusCommittable>> out = new ArrayList<>();
        tasks.forEach(t -> out.add(pool.submit(() -> storer.prepare(t))));
        return out;
    }

    static BlobId blobId(BlobTask t) {
        return RedStuff.create().encode(RedStuffParams.of(10), t.data, 0, t.data.length).blobId();
    }

    @Test
    void aBatchRegisteredBeforeACrashIsReusedAndPaidOnce() throws Exception {
        int k = 4;
        SinkSettings settings = settings(new RegisterBatching(k, Duration.ofSeconds(10)));
        ExecutorService pool = Executors.newFixedThreadPool(k);
        try {
            // what one clean batch of the same sizes costs
            long before = wal();
            try (BlobStorer clean = storer(Networks.suiChain(net, ALICE), settings)) {
                for (Future<WalrusCommittable> f : prepareTogether(clean, tasks("control", 300, k), pool)) {
                    assertEquals(Status.READY, f.get().status());
                }
            }
            long cleanCost = before - wal();
            assertTrue(cleanCost > 0);

            List<BlobTask> tasks = tasks("crash", 400, k);
            before = wal();
            AtomicBoolean armed = new AtomicBoolean(true);
            try (BlobStorer first = storer(crashingAfterRegisterBlobs(Networks.suiChain(net, ALICE), armed), settings)) {
                for (Future<WalrusCommittable> f : prepareTogether(first, tasks, pool)) {
                    ExecutionException e = assertThrows(ExecutionException.class, f::get);
                    assertInstanceOf(Crash.class, e.getCause(), "every blob of the batch died with the writer");
                }
            }
            assertTrue(!armed.get(), "the crash struck");
            for (BlobTask t : tasks) {
                assertEquals(1, observer.ownedBlobObjects(blobId(t)).size(), "the batch landed before the crash: "
                        + t.name);
            }

            // the next incarnation re-stores what no checkpoint held: it finds the registrations and reuses them
            long tx0 = transactions();
            List<WalrusCommittable> ready = new ArrayList<>();
            try (BlobStorer second = storer(Networks.suiChain(net, ALICE), settings)) {
                for (Future<WalrusCommittable> f : prepareTogether(second, tasks, pool)) {
                    ready.add(f.get());
                }
                assertEquals(0, transactions() - tx0, "nothing registered again");
                List<WalrusCommittable> settled = second.certifyAll(ready);
                settled.forEach(s -> assertEquals(Status.NEWLY_CREATED, s.status(), s.toString()));
            }
            for (BlobTask t : tasks) {
                List<BlobObject> objects = observer.ownedBlobObjects(blobId(t));
                assertEquals(1, objects.size(), "one registration for " + t.name);
                assertTrue(objects.get(0).isCertified(), "certified: " + t.name);
            }
            assertEquals(cleanCost, before - wal(), "WAL paid once: what one clean batch of the same sizes costs");
        } finally {
            pool.shutdownNow();
        }
    }
}
