package dev.walrusstream.sui.coins;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinPoolTest {
    private static final SuiAddress OWNER = SuiAddress.parsePrefixed("0xa");
    private static final String WAL = "0x2::wal::WAL";

    /** An owner's coins as a full node would list them; versions bump when "transactions" use them. */
    private static final class Chain implements CoinSource {
        final Map<ObjectId, Coin> coins = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        Coin add(int n, long balance) {
            Coin c = new Coin(new ObjectRef(ObjectId.parse("0x" + Integer.toHexString(0x100 + n)), 1, digest(n)), WAL,
                    balance);
            coins.put(c.id(), c);
            return c;
        }

        /** A transaction charged {@code amount} from the coin: new version and balance. */
        ObjectRef charge(Coin c, long amount) {
            Coin now = coins.get(c.id());
            Coin next = new Coin(new ObjectRef(c.id(), now.ref().version() + 1, digest((int) now.ref().version() + 7)),
                    WAL, now.balance() - amount);
            coins.put(c.id(), next);
            return next.ref();
        }

        @Override
        public List<Coin> coins(SuiAddress owner, String coinType) {
            reads.incrementAndGet();
            return new ArrayList<>(coins.values());
        }
    }

    private static SuiDigest digest(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        return SuiDigest.of(b);
    }

    @Test
    void prefersTheSmallestSufficientCoinThenTheLargestCoins() {
        Chain chain = new Chain();
        chain.add(1, 100);
        Coin c2 = chain.add(2, 500);
        Coin c3 = chain.add(3, 1000);
        CoinPool pool = new CoinPool(chain, OWNER, WAL);
        try (CoinLease lease = pool.lease(400)) {
            assertEquals(List.of(c2), lease.coins());
        }
        try (CoinLease lease = pool.lease(1400)) {
            assertEquals(List.of(c3, c2), lease.coins());
            assertEquals(1500, lease.total());
        }
        assertEquals(1600, pool.freeBalance());
    }

    @Test
    void aLeasedCoinIsNeverHandedOutTwice() {
        Chain chain = new Chain();
        chain.add(1, 100);
        chain.add(2, 100);
        CoinPool pool = new CoinPool(chain, OWNER, WAL);
        CoinLease a = pool.lease(100);
        CoinLease b = pool.lease(100);
        assertTrue(Collections.disjoint(a.coins(), b.coins()));
        InsufficientCoinsException e = assertThrows(InsufficientCoinsException.class, () -> pool.lease(50));
        assertTrue(e.getMessage().contains("need 50, free 0 in 0 coins"), e.getMessage());
        assertTrue(e.getMessage().contains("200 in 2 coins leased to other writers"), e.getMessage());
        a.release();
        assertEquals(a.coins(), pool.lease(50).coins());
    }

    @Test
    void settledCoinsComeBackOnlyWithTheirNewVersion() throws Exception {
        Chain chain = new Chain();
        Coin coin = chain.add(1, 1000);
        CoinPool pool = new CoinPool(chain, OWNER, WAL);
        CoinLease lease = pool.lease(300);
        ObjectRef next = new ObjectRef(coin.id(), 2, digest(99));
        lease.settle(Map.of(coin.id(), next), Set.of());
        // the node still lists version 1: the coin must not be used
        InsufficientCoinsException e = assertThrows(InsufficientCoinsException.class, () -> pool.lease(300));
        assertTrue(e.getMessage().contains("1 coins waiting for their new version"), e.getMessage());
        // once the node shows the new version (and balance) it is leased again, waiting if needed
        Thread later = new Thread(() -> {
            sleep(300);
            chain.charge(coin, 300);
        });
        later.start();
        try (CoinLease again = pool.lease(600, Duration.ofSeconds(5))) {
            assertEquals(2, again.coins().get(0).ref().version());
            assertEquals(700, again.total());
        }
        later.join();
    }

    @Test
    void mergedAwayCoinsNeverReturn() {
        Chain chain = new Chain();
        Coin a = chain.add(1, 100);
        Coin b = chain.add(2, 100);
        CoinPool pool = new CoinPool(chain, OWNER, WAL);
        CoinLease lease = pool.lease(150);
        lease.settle(Map.of(), Set.of(b.id())); // the node is slow and still lists b
        chain.charge(a, 0);
        try (CoinLease next = pool.lease(1)) {
            assertEquals(List.of(a.id()), next.coins().stream().map(Coin::id).toList());
        }
    }

    @Test
    void waitsForAnotherWritersCoinWithinTheLimit() throws Exception {
        Chain chain = new Chain();
        chain.add(1, 100);
        CoinPool pool = new CoinPool(chain, OWNER, WAL);
        CoinLease held = pool.lease(100);
        long start = System.nanoTime();
        assertThrows(InsufficientCoinsException.class, () -> pool.lease(100, Duration.ofMillis(300)));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 280);
        Thread releaser = new Thread(() -> {
            sleep(200);
            held.release();
        });
        releaser.start();
        try (CoinLease got = pool.lease(100, Duration.ofSeconds(5))) {
            assertEquals(held.coins(), got.coins());
        }
        releaser.join();
    }

    @Test
    void concurrentWritersNeverShareACoin() throws Exception {
        Chain chain = new Chain();
        for (int i = 0; i < 6; i++) {
            chain.add(i, 1_000_000);
        }
        CoinPool pool = new CoinPool(chain, OWNER, WAL);
        Set<ObjectId> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < 25; i++) {
                    CoinLease lease = pool.lease(10, Duration.ofSeconds(10));
                    for (Coin c : lease.coins()) {
                        if (!inUse.add(c.id())) {
                            overlaps.incrementAndGet();
                        }
                    }
                    Thread.sleep(1);
                    Map<ObjectId, ObjectRef> changed = new java.util.HashMap<>();
                    for (Coin c : lease.coins()) {
                        inUse.remove(c.id());
                        changed.put(c.id(), chain.charge(c, 10));
                    }
                    lease.settle(changed, new HashSet<>());
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertEquals(0, overlaps.get());
        assertEquals(200, done.get());
        assertEquals(6 * 1_000_000 - 200 * 10, chain.coins.values().stream().mapToLong(Coin::balance).sum());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
