package dev.walrusstream.sui.coins;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coins reserved for one writer until it settles or releases them; no other lease of the same
 * pool can hold any of these coins at the same time. Settle with the transaction's effects (new
 * versions, deleted coins) so the pool does not hand out stale references.
 */
public final class CoinLease implements AutoCloseable {
    private final CoinPool pool;
    private final List<Coin> coins;
    private boolean done;

    CoinLease(CoinPool pool, List<Coin> coins) {
        this.pool = pool;
        this.coins = List.copyOf(coins);
    }

    public List<Coin> coins() {
        return coins;
    }

    public List<ObjectRef> refs() {
        return coins.stream().map(Coin::ref).toList();
    }

    public long total() {
        long total = 0;
        for (Coin c : coins) {
            total = Math.addExact(total, c.balance());
        }
        return total;
    }

    /** The coins were not used (e.g. the transaction was never sent): they return unchanged. */
    public synchronized void release() {
        if (!done) {
            done = true;
            pool.release(this, Map.of(), Set.of(), CoinPool.Outcome.UNUSED);
        }
    }

    /**
     * The coins were used by a transaction: {@code changed} maps coins to their new versions,
     * {@code gone} lists coins that were merged away or deleted. Coins in neither are treated as
     * possibly changed too (their new version is fetched before reuse).
     */
    public synchronized void settle(Map<ObjectId, ObjectRef> changed, Set<ObjectId> gone) {
        if (!done) {
            done = true;
            pool.release(this, changed, gone, CoinPool.Outcome.SETTLED);
        }
    }

    /**
     * The outcome is unknown or the node refused the transaction: the coins are read again before
     * reuse (their version may or may not have changed).
     */
    public synchronized void invalidate() {
        if (!done) {
            done = true;
            pool.release(this, Map.of(), Set.of(), CoinPool.Outcome.INVALIDATED);
        }
    }

    /** Releases unused coins if neither {@link #release} nor {@link #settle} ran. */
    @Override
    public void close() {
        release();
    }
}
