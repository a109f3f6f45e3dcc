package dev.walrusstream.sui.coins;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out one owner's coins of one type (WAL for storage, SUI for gas) to concurrent writers so
 * that no coin is ever in two transactions at once: concurrent use of one coin makes all but one
 * transaction fail on a stale or locked object version. A coin comes back after its lease
 * settles and the full node shows its new version (or at once if it was not used).
 */
public final class CoinPool {
    /** Most coins one lease takes (more are merged by a transaction, see WalCoinArgument). */
    public static final int DEFAULT_MAX_COINS_PER_LEASE = 64;
    private static final long REFRESH_INTERVAL_MS = 250;

    private final CoinSource source;
    private final SuiAddress owner;
    private final String coinType;
    private final int maxCoinsPerLease;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Map<ObjectId, Coin> free = new HashMap<>();
    private final Map<ObjectId, Coin> leased = new HashMap<>();
    /** Coins whose next usable version must be at least this (Long.MAX_VALUE: gone for good). */
    private final Map<ObjectId, Long> pending = new HashMap<>();

    public CoinPool(CoinSource source, SuiAddress owner, String coinType) {
        this(source, owner, coinType, DEFAULT_MAX_COINS_PER_LEASE);
    }

    public CoinPool(CoinSource source, SuiAddress owner, String coinType, int maxCoinsPerLease) {
        this.source = Objects.requireNonNull(source, "source");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.coinType = Objects.requireNonNull(coinType, "coinType");
        if (maxCoinsPerLease < 1) {
            throw new IllegalArgumentException("maxCoinsPerLease must be at least 1, got " + maxCoinsPerLease);
        }
        this.maxCoinsPerLease = maxCoinsPerLease;
    }

    public String coinType() {
        return coinType;
    }

    public SuiAddress owner() {
        return owner;
    }

    /** Leases coins holding at least {@code minBalance}, failing at once when there are not enough. */
    public CoinLease lease(long minBalance) {
        return lease(minBalance, Duration.ZERO);
    }

    /**
     * Leases coins holding at least {@code minBalance}. When the balance is short only because
     * other writers hold coins or new versions are not visible yet, waits up to {@code maxWait}.
     */
    public CoinLease lease(long minBalance, Duration maxWait) {
        if (minBalance < 0) {
            throw new IllegalArgumentException("minBalance must not be negative: " + minBalance);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            boolean refreshed = false;
            while (true) {
                List<Coin> picked = pick(minBalance);
                if (picked == null && !refreshed) {
                    refresh();
                    refreshed = true;
                    picked = pick(minBalance);
                }
                if (picked != null) {
                    for (Coin c : picked) {
                        free.remove(c.id());
                        leased.put(c.id(), c);
                    }
                    return new CoinLease(this, picked);
                }
                long left = deadline - System.nanoTime();
                boolean worthWaiting = !leased.isEmpty() || pendingVisible() > 0;
                if (left <= 0 || !worthWaiting) {
                    throw shortage(minBalance);
                }
                returned.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(REFRESH_INTERVAL_MS)), TimeUnit.NANOSECONDS);
                refreshed = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + coinType + " coins", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the owner's coins again now, dropping the free coins as last read: after the node
     * refused a transaction because an input coin was stale (another client of the same account
     * spent it), every cached coin may be.
     */
    public void reload() {
        lock.lock();
        try {
            refresh();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Balance of the coins no writer holds (as last read). */
    public long freeBalance() {
        lock.lock();
        try {
            return sum(free.values());
        } finally {
            lock.unlock();
        }
    }

    enum Outcome {
        /** not used: back as they were */
        UNUSED,
        /** used by an executed transaction: new versions known */
        SETTLED,
        /** outcome unknown or refused: re-read before reuse */
        INVALIDATED
    }

    void release(CoinLease lease, Map<ObjectId, ObjectRef> changed, Set<ObjectId> gone, Outcome outcome) {
        lock.lock();
        try {
            for (Coin c : lease.coins()) {
                leased.remove(c.id());
                if (outcome == Outcome.UNUSED) {
                    free.put(c.id(), c);
                } else if (outcome == Outcome.INVALIDATED) {
                    pending.put(c.id(), c.ref().version());
                } else if (gone.contains(c.id())) {
                    pending.put(c.id(), Long.MAX_VALUE);
                } else {
                    ObjectRef next = changed.get(c.id());
                    // balance changed too: wait until the node lists this version or a later one
                    pending.put(c.id(), next != null ? next.version() : c.ref().version() + 1);
                }
            }
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Re-reads the coins; leased coins and coins older than their pending version are left alone. */
    private void refresh() {
        List<Coin> current = source.coins(owner, coinType);
        Set<ObjectId> seen = new HashSet<>();
        free.clear();
        for (Coin c : current) {
            if (!c.coinType().equals(coinType)) {
                continue;
            }
            seen.add(c.id());
            if (leased.containsKey(c.id())) {
                continue;
            }
            Long minVersion = pending.get(c.id());
            if (minVersion != null) {
                if (Long.compareUnsigned(c.ref().version(), minVersion) < 0) {
                    continue; // the node still shows the version before our transaction
                }
                pending.remove(c.id());
            }
            if (c.balance() > 0) {
                free.put(c.id(), c);
            }
        }
        pending.keySet().removeIf(id -> !seen.contains(id) && pending.get(id) == Long.MAX_VALUE);
    }

    /** Smallest single coin that covers the need, else largest coins first; null when short. */
    private List<Coin> pick(long minBalance) {
        List<Coin> coins = new ArrayList<>(free.values());
        coins.sort(Comparator.comparingLong(Coin::balance).thenComparing(c -> c.id().toString()));
        for (Coin c : coins) {
            if (c.balance() >= minBalance && (minBalance > 0 || c.balance() > 0)) {
                return List.of(c);
            }
        }
        List<Coin> picked = new ArrayList<>();
        long total = 0;
        for (int i = coins.size() - 1; i >= 0 && picked.size() < maxCoinsPerLease; i--) {
            picked.add(coins.get(i));
            total += coins.get(i).balance();
            if (total >= minBalance) {
                return picked;
            }
        }
        return null;
    }

    private int pendingVisible() {
        int n = 0;
        for (long v : pending.values()) {
            if (v != Long.MAX_VALUE) {
                n++;
            }
        }
        return n;
    }

    private InsufficientCoinsException shortage(long minBalance) {
        return new InsufficientCoinsException(owner, coinType, minBalance, sum(free.values()), free.size(),
                sum(leased.values()), leased.size(), pendingVisible(), maxCoinsPerLease);
    }

    private static long sum(Iterable<Coin> coins) {
        long total = 0;
        for (Coin c : coins) {
            total = Math.addExact(total, c.balance());
        }
        return total;
    }
}
