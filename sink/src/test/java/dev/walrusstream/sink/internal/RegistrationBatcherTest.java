package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.RegistrationBatch;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.ids.ObjectId;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RegistrationBatcher}: blobs prepared together register in one transaction, each getting
 * its own registration; a batch refused for one blob falls back so the others go through; an
 * unreachable chain fails them all (to be retried) without a second transaction; the batch waits
 * only while another blob is being prepared, and at most the wait.
 */
class RegistrationBatcherTest {
    /** A chain that records its registration transactions and answers them as {@code batch} says. */
    static final class FakeChain {
        final List<List<RegistrationBatch.Call>> batches = new CopyOnWriteArrayList<>();
        final List<BlobId> singles = new CopyOnWriteArrayList<>();
        Function<List<RegistrationBatch.Call>, RuntimeException> refuse = calls -> null;
        final AtomicInteger ids = new AtomicInteger();

        Chain chain() {
            return (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[]{Chain.class}, (p, m, a) -> {
                switch (m.getName()) {
                    case "registerBlobs": {
                        List<RegistrationBatch.Call> calls = ((RegistrationBatch) a[0]).calls();
                        batches.add(calls);
                        RuntimeException no = refuse.apply(calls);
                        if (no != null) {
                            throw no;
                        }
                        List<Results.Registration> out = new ArrayList<>();
                        calls.forEach(c -> out.add(registration(c)));
                        return new Results.Registrations(out, 10L * calls.size(), "batch-" + batches.size());
                    }
                    case "reserveAndRegister": {
                        RegistrationBatch.Call c = new RegistrationBatch.Call((BlobId) a[0], (byte[]) a[1], (long) a[2],
                                (int) a[3], (boolean) a[4], (int) a[5]);
                        singles.add(c.blobId());
                        RuntimeException no = refuse.apply(List.of(c));
                        if (no != null) {
                            throw no;
                        }
                        return registration(c);
                    }
                    default:
                        throw new UnsupportedOperationException(m.getName());
                }
            });
        }

        Results.Registration registration(RegistrationBatch.Call c) {
            byte[] id = new byte[32];
            id[0] = (byte) ids.incrementAndGet();
            ObjectId oid = ObjectId.of(id);
            return new Results.Registration(new BlobObject(oid, 0, c.blobId(), c.size(), 1, null,
                    new StorageResource(oid, 0, c.epochsAhead(), 100), c.deletable()), 10, new EventId("tx", 0), 5);
        }
    }

    static RegistrationBatch.Call call(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = 7;
        return new RegistrationBatch.Call(BlobId.of(b), new byte[32], 1000 + i, 1, false, 3);
    }

    /** {@code k} blobs prepared at once (all arrived first), each registering on its own thread. */
    static List<Future<Results.Registration>> registerTogether(RegistrationBatcher batcher, List<RegistrationBatch.Call> calls,
                                                              ExecutorService pool) {
        List<Future<Results.Registration>> out = new ArrayList<>();
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(calls.size());
        for (RegistrationBatch.Call c : calls) {
            out.add(pool.submit(() -> {
                batcher.arrive();
                arrived.countDown();
                arrived.await();
                try {
                    return batcher.register(c);
                } finally {
                    batcher.leave();
                }
            }));
        }
        return out;
    }

    @Test
    void eightBlobsPreparedTogetherRegisterInOneTransaction() throws Exception {
        FakeChain fake = new FakeChain();
        RegistrationBatcher batcher = new RegistrationBatcher(fake.chain(), 8, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<RegistrationBatch.Call> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(call(i));
            }
            long t0 = System.nanoTime();
            List<Future<Results.Registration>> rs = registerTogether(batcher, calls, pool);
            for (int i = 0; i < 8; i++) {
                assertEquals(calls.get(i).blobId(), rs.get(i).get().blob().blobId(), "each blob gets its own registration");
            }
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "a full batch does not wait it out");
            assertEquals(1, fake.batches.size(), "one transaction");
            assertEquals(8, fake.batches.get(0).size());
            assertEquals(List.of(), fake.singles);
            assertEquals(1, batcher.transactions());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchRefusedForOneBlobFallsBackSoTheOthersGoThrough() throws Exception {
        FakeChain fake = new FakeChain();
        RegistrationBatch.Call bad = call(2);
        fake.refuse = calls -> calls.stream().anyMatch(c -> c.blobId().equals(bad.blobId()))
                ? ChainException.violation(Rule.INVALID_BLOB_ID, "blob " + bad.blobId() + " is not derived", "blobId",
                bad.blobId()) : null;
        RegistrationBatcher batcher = new RegistrationBatcher(fake.chain(), 4, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<RegistrationBatch.Call> calls = List.of(call(0), call(1), bad, call(3));
            List<Future<Results.Registration>> rs = registerTogether(batcher, calls, pool);
            for (int i = 0; i < 4; i++) {
                if (i == 2) {
                    int k = i;
                    var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> rs.get(k).get());
                    ChainException.RuleViolation v = (ChainException.RuleViolation) e.getCause();
                    assertEquals(Rule.INVALID_BLOB_ID, v.rule());
                } else {
                    assertEquals(calls.get(i).blobId(), rs.get(i).get().blob().blobId());
                }
            }
            assertEquals(1, fake.batches.size(), "the batch was tried once");
            assertEquals(calls.stream().map(RegistrationBatch.Call::blobId).sorted(java.util.Comparator.comparing(
                    BlobId::toString)).toList(), fake.singles.stream().sorted(java.util.Comparator.comparing(
                    BlobId::toString)).toList(), "then each blob alone, once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnreachableChainFailsTheWholeBatchWithoutRegisteringAgain() throws Exception {
        FakeChain fake = new FakeChain();
        fake.refuse = calls -> new ChainException.Unavailable("chain down", null);
        RegistrationBatcher batcher = new RegistrationBatcher(fake.chain(), 3, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Results.Registration>> rs = registerTogether(batcher, List.of(call(0), call(1), call(2)), pool);
            for (Future<Results.Registration> r : rs) {
                var e = assertThrows(java.util.concurrent.ExecutionException.class, r::get);
                assertTrue(e.getCause() instanceof ChainException.Unavailable, e.getCause().toString());
            }
            assertEquals(1, fake.batches.size());
            assertEquals(List.of(), fake.singles, "no blob registers alone: the batch may have landed (the retry reuses it)");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameBlobTwiceSharesOneRegistration() throws Exception {
        FakeChain fake = new FakeChain();
        RegistrationBatcher batcher = new RegistrationBatcher(fake.chain(), 3, Duration.ofSeconds(30));
        batcher.draining(true); // two distinct blobs never fill a batch of 3: go when all three came
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Results.Registration>> rs = registerTogether(batcher, List.of(call(0), call(1), call(0)), pool);
            assertSame(rs.get(0).get(), rs.get(2).get());
            assertEquals(1, fake.batches.size());
            assertEquals(2, fake.batches.get(0).size(), "each blob once in the transaction");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoneBlobWaitsTheWindowForNewcomersUnlessTheWriterIsFlushing() throws Exception {
        FakeChain fake = new FakeChain();
        RegistrationBatcher lone = new RegistrationBatcher(fake.chain(), 8, Duration.ofMillis(300));
        long t = System.nanoTime();
        lone.arrive();
        lone.register(call(5));
        lone.leave();
        assertTrue(System.nanoTime() - t >= Duration.ofMillis(290).toNanos(), "a blob arriving within the window may join");

        // a newcomer within the window joins the lone blob's batch
        ExecutorService later = Executors.newSingleThreadExecutor();
        try {
            RegistrationBatcher window = new RegistrationBatcher(fake.chain(), 8, Duration.ofSeconds(5));
            Future<Results.Registration> first = later.submit(() -> {
                window.arrive();
                try {
                    return window.register(call(6));
                } finally {
                    window.leave();
                }
            });
            Thread.sleep(100);
            window.arrive();
            window.draining(true); // then the writer flushes: the batch goes without waiting out the 5 s
            long t2 = System.nanoTime();
            Results.Registration second = window.register(call(7));
            window.leave();
            assertEquals(call(6).blobId(), first.get().blob().blobId());
            assertEquals(call(7).blobId(), second.blob().blobId());
            assertTrue(System.nanoTime() - t2 < Duration.ofSeconds(4).toNanos(), "flushing: no wait for newcomers");
            assertEquals(List.of(call(6).blobId(), call(7).blobId()),
                    fake.batches.get(fake.batches.size() - 1).stream().map(RegistrationBatch.Call::blobId).toList(),
                    "the newcomer joined the open batch");
        } finally {
            later.shutdownNow();
        }

        RegistrationBatcher batcher = new RegistrationBatcher(fake.chain(), 8, Duration.ofSeconds(30));
        batcher.draining(true);
        long t0 = System.nanoTime();
        batcher.arrive();
        batcher.register(call(0));
        batcher.leave();
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "flushing, no other blob being prepared: no wait");
        assertTrue(fake.singles.contains(call(0).blobId()));

        RegistrationBatcher waiting = new RegistrationBatcher(fake.chain(), 8, Duration.ofMillis(300));
        waiting.draining(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.CountDownLatch other = new java.util.concurrent.CountDownLatch(1);
            Future<?> encoding = pool.submit(() -> {
                waiting.arrive(); // a blob still encoding: it never comes to register in time
                other.countDown();
                Thread.sleep(60_000);
                return null;
            });
            other.await();
            long t1 = System.nanoTime();
            waiting.arrive();
            Results.Registration r = waiting.register(call(1));
            waiting.leave();
            long waited = System.nanoTime() - t1;
            assertEquals(call(1).blobId(), r.blob().blobId());
            assertTrue(waited >= Duration.ofMillis(290).toNanos(), "waited for the blob being prepared: " + waited / 1e6 + " ms");
            assertTrue(waited < Duration.ofSeconds(20).toNanos(), "at most about the wait: " + waited / 1e6 + " ms");
            encoding.cancel(true);
        } finally {
            pool.shutdownNow();
        }
    }
}
