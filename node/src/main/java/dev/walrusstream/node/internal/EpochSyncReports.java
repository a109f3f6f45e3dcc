package dev.walrusstream.node.internal;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.node.EpochSyncReporter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A member's {@code epoch_sync_done}, sent until the chain takes it. The shard sync hands over an epoch
 * once the node holds every shard it owns there ({@link #holdsShards}); the report is sent at once and,
 * when it fails for a reason that may pass (the chain unavailable, or not yet at the node's epoch),
 * again with backoff for as long as the node is in that epoch. A watchdog ({@link #check}, every
 * {@code checkEvery}) is the backstop for a report that was never handed over: while the chain says
 * the change into the node's epoch is syncing, a member whose record says it holds its shards and
 * whose report was not taken reports. The ledger takes repeated reports as no-ops, so a second one
 * never costs the change anything. One daemon thread; every decision is logged with its reason.
 */
public final class EpochSyncReports implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EpochSyncReports.class.getName());
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(15);

    private final NodeContext ctx;
    private final EpochSyncReporter reporter;
    private final Supplier<EpochState> chainState;
    private final ScheduledExecutorService executor;
    /** The last epoch whose report the chain took (−1: none). */
    private volatile int acceptedEpoch = -1;
    /** The epoch an attempt is queued or running for (−1: none), and the failures of that epoch so far. */
    private int pendingEpoch = -1;
    private int failures;
    private int failuresEpoch = -1;
    /** The last epoch whose report was refused for good, or that this node cannot send: not tried again. */
    private volatile int abandonedEpoch = -1;
    /** The last epoch the chain said was done: the watchdog has nothing to look at there. */
    private volatile int settledEpoch = -1;
    private volatile boolean closed;

    /**
     * @param chainState the chain's epoch state (what the watchdog asks); may throw {@link ChainException}
     * @param checkEvery how often the watchdog looks
     */
    public EpochSyncReports(NodeContext ctx, EpochSyncReporter reporter, Supplier<EpochState> chainState,
                            Duration checkEvery) {
        this.ctx = ctx;
        this.reporter = reporter;
        this.chainState = chainState;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-" + ctx.name + "-epoch-sync");
            t.setDaemon(true);
            return t;
        });
        long every = checkEvery.toMillis();
        executor.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** The last epoch whose sync report the chain took (−1: none since start). */
    public int acceptedEpoch() {
        return acceptedEpoch;
    }

    /** The node holds every shard it owns in {@code epoch} ({@code why} says how it got there): report it. */
    public void holdsShards(int epoch, String why) {
        LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + epoch + ": " + why + "; reporting the sync done");
        queue(epoch, Duration.ZERO, false);
    }

    /**
     * A member whose view of {@code epoch} lacks the previous committee (so it cannot tell whether the epoch
     * changed the committee): it reports when the chain says that change is syncing.
     */
    public void holdsShardsIfSyncing(int epoch) {
        executor.execute(() -> {
            EpochState st = state();
            if (st != null && st.epoch() == epoch && st.isSyncing()) {
                holdsShards(epoch, "member without a previous committee in its view, and the chain says the change "
                        + "into epoch " + epoch + " is syncing");
            } else {
                LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + epoch + ": no sync report: no change "
                        + "under way that it knows of (chain epoch state " + st + ")");
            }
        });
    }

    private synchronized void queue(int epoch, Duration delay, boolean retry) {
        if (closed || acceptedEpoch >= epoch || (!retry && pendingEpoch == epoch)) {
            return; // taken already, or an attempt for this epoch is queued
        }
        pendingEpoch = epoch;
        try {
            executor.schedule(() -> attempt(epoch), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pendingEpoch = -1; // closed meanwhile
        }
    }

    private void attempt(int epoch) {
        if (closed || acceptedEpoch >= epoch) {
            done(epoch);
            return;
        }
        if (ctx.epoch() != epoch) {
            LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": no sync report for epoch " + epoch + ": the node is in "
                    + "epoch " + ctx.epoch() + " now");
            done(epoch);
            return;
        }
        try {
            reporter.epochSyncDone(ctx.nodeId, epoch);
            acceptedEpoch = epoch;
            LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": the chain took the sync report of epoch " + epoch);
            done(epoch);
        } catch (ChainException.Unavailable u) {
            retry(epoch, "the chain is unavailable: " + u.getMessage());
        } catch (ChainException.RuleViolation v) {
            if (v.rule() == Rule.EPOCH_CHANGE_IN_PROGRESS || v.rule() == Rule.NOT_IN_COMMITTEE) {
                // the chain is not at this node's epoch (yet): worth asking again while the node is in it
                retry(epoch, "the chain refused it (" + v.rule() + "): " + v.getMessage());
            } else {
                LOG.log(System.Logger.Level.WARNING, ctx.name + ": the chain refused the sync report of epoch " + epoch
                        + " for good (" + v.rule() + "): " + v.getMessage());
                abandonedEpoch = epoch;
                done(epoch);
            }
        } catch (UnsupportedOperationException u) {
            LOG.log(System.Logger.Level.WARNING, ctx.name + ": " + u.getMessage() + "; the epoch change of " + epoch
                    + " waits for a report this node cannot send");
            abandonedEpoch = epoch;
            done(epoch);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, ctx.name + ": reporting the sync of epoch " + epoch + " failed", e);
            retry(epoch, e.toString());
        }
    }

    private synchronized void done(int epoch) {
        if (pendingEpoch == epoch) {
            pendingEpoch = -1;
        }
    }

    private void retry(int epoch, String why) {
        Duration delay;
        int n;
        synchronized (this) {
            if (failuresEpoch != epoch) {
                failuresEpoch = epoch;
                failures = 0;
            }
            n = ++failures;
            delay = Duration.ofMillis(Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(n - 1, 10)));
        }
        if (n == 1 || n % 5 == 0) {
            LOG.log(System.Logger.Level.WARNING, ctx.name + ": the sync report of epoch " + epoch + " was not taken ("
                    + why + "); attempt " + n + ", trying again in " + delay.toMillis() + " ms while the node is in "
                    + "that epoch");
        }
        queue(epoch, delay, true);
    }

    /**
     * The watchdog: while the chain says the change into this node's epoch is syncing, a member whose
     * held-shards record covers every shard it owns there and whose report was not taken reports now.
     */
    void check() {
        try {
            ShardView view = ctx.view();
            int epoch = view.epoch();
            synchronized (this) {
                if (closed || view.memberIndex() < 0 || acceptedEpoch >= epoch || pendingEpoch == epoch
                        || settledEpoch >= epoch || abandonedEpoch >= epoch) {
                    return;
                }
            }
            NodeStore.HeldShards held = ctx.store.heldShards().orElse(null);
            if (held == null || held.epoch() != epoch || !held.shards().containsAll(view.ownedShards())) {
                return; // still syncing what it gained: the sync reports when it is done
            }
            EpochState st = state();
            if (st != null && st.epoch() >= epoch && !st.isSyncing()) {
                settledEpoch = st.epoch();
            }
            if (st == null || st.epoch() != epoch || !st.isSyncing()) {
                return;
            }
            holdsShards(epoch, "the change into epoch " + epoch + " is still syncing (" + st.syncedWeight()
                    + " shards reported), this member holds its shards " + held.shards() + " and its report was not "
                    + "taken (watchdog)");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, ctx.name + ": epoch-sync watchdog: " + e);
        }
    }

    private EpochState state() {
        try {
            return chainState.get();
        } catch (ChainException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> ctx.name + ": epoch state unavailable: " + e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
