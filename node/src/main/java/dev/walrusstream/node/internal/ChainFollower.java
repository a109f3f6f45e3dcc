package dev.walrusstream.node.internal;

import dev.walrusstream.chain.BlobRegistrations;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.codec.BlobId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the chain's events from the cursor stored in RocksDB: keeps each blob's registrations,
 * flushes buffered uploads once a blob is registered, schedules recovery after certifications,
 * drops data of deleted, invalid or expired blobs, and takes the new committee on epoch changes.
 * Each page of events is applied atomically together with the cursor, so a restart resumes exactly.
 */
public final class ChainFollower implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChainFollower.class.getName());
    private static final int PAGE = 500;
    static final Duration VIEW_WAIT = Duration.ofSeconds(30);
    static final Duration LONG_POLL = Duration.ofSeconds(5);

    private final NodeContext ctx;
    private final Chain chain;
    private final NodeService service;
    private final RecoveryWorker recovery;
    private final ShardSyncWorker shardSync;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private final List<Runnable> onCaughtUp = new ArrayList<>();
    private volatile long applied;
    private volatile String lastError;

    public ChainFollower(NodeContext ctx, Chain chain, NodeService service, RecoveryWorker recovery,
                         ShardSyncWorker shardSync) {
        this.ctx = ctx;
        this.chain = chain;
        this.service = service;
        this.recovery = recovery;
        this.shardSync = shardSync;
        this.applied = ctx.store.eventsApplied();
        this.thread = new Thread(this::loop, "chain-follower-" + ctx.name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long eventsApplied() {
        return applied;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Runs {@code action} once this follower has applied every event the chain had when it started (on the
     * follower's thread), or now when it already has. What depends on the blobs registered so far, such as
     * syncing the shards a node gained while it was down, waits for this.
     */
    public void whenCaughtUp(Runnable action) {
        synchronized (onCaughtUp) {
            if (!caughtUp) {
                onCaughtUp.add(action);
                return;
            }
        }
        action.run();
    }

    public String lastError() {
        return lastError;
    }

    private void loop() {
        EventCursor cursor = ctx.store.cursor();
        long backoff = 200;
        while (running) {
            try {
                // until caught up the chain is asked without waiting: an empty answer then means every event
                // it had was applied. A long poll answers as soon as one new event exists, so on a chain that
                // streams events more often than the poll lasts it would never come back empty.
                EventPage page = chain.events(cursor, PAGE, caughtUp ? LONG_POLL : Duration.ZERO);
                lastError = null;
                backoff = 200;
                if (page.atHead(cursor)) {
                    if (!caughtUp) {
                        markCaughtUp();
                    }
                    continue;
                }
                apply(page); // an empty page that moved its cursor (a stretch without events) only stores the cursor
                cursor = page.next();
            } catch (ChainException e) {
                if (!running) {
                    return;
                }
                lastError = e.getMessage();
                LOG.log(System.Logger.Level.WARNING, ctx.name + ": following chain events failed, retrying in "
                        + backoff + " ms: " + e.getMessage());
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.log(System.Logger.Level.ERROR, ctx.name + ": applying chain events failed", e);
                sleep(1_000);
            }
        }
    }

    /** Every event the chain had is applied: what waited for that runs (on the follower's thread). */
    private void markCaughtUp() {
        List<Runnable> waiting;
        synchronized (onCaughtUp) {
            caughtUp = true;
            waiting = new ArrayList<>(onCaughtUp);
            onCaughtUp.clear();
        }
        ctx.signalEvents(); // a sync waiting for the follower proceeds
        waiting.forEach(Runnable::run);
        recovery.sweepAll();
    }

    private void apply(EventPage page) {
        Map<BlobId, BlobRegistrations> changed = new LinkedHashMap<>();
        List<Runnable> after = new ArrayList<>();
        for (EventRecord rec : page.events()) {
            ChainEvent e = rec.event();
            if (e instanceof ChainEvent.EpochChanged ec) {
                if (ec.epoch() > ctx.epoch()) {
                    ShardView before = ctx.view();
                    ShardView view = viewOf(ec.epoch());
                    ctx.setView(view);
                    after.add(() -> shardSync.dropLost(before, view));
                    LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + view.epoch() + ", shards "
                            + view.ownedShards() + (view.losing().isEmpty() ? "" : ", serving lost shards "
                            + view.losing() + " until the change is done"));
                    after.add(() -> shardSync.start(view));
                }
                after.add(this::dropUnregistered);
                after.add(recovery::sweepAll);
                continue;
            }
            if (e instanceof ChainEvent.EpochChangeDone done) {
                after.add(() -> shardSync.changeDone(done.epoch()));
                continue;
            }
            BlobId blobId = blobIdOf(e);
            BlobRegistrations now = changed.computeIfAbsent(blobId, ctx.store::blobState).apply(rec.id(), e);
            changed.put(blobId, now);
            if (e instanceof ChainEvent.BlobRegistered) {
                after.add(() -> service.flushIfRegistered(blobId));
            } else if (e instanceof ChainEvent.BlobCertified c && !c.isExtension()) {
                after.add(() -> recovery.schedule(blobId, ctx.limits.recoveryDelay()));
            } else {
                after.add(() -> dropIfUnregistered(blobId));
            }
        }
        applied += page.events().size();
        ctx.store.commitEvents(changed, page.next(), applied);
        ctx.signalEvents();
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException x) { // the page is applied: what follows it (the next sync, sweeps) must still run
                LOG.log(System.Logger.Level.ERROR, ctx.name + ": after applying chain events", x);
            }
        }
    }

    /**
     * The view of {@code epoch}: the chain's committee, and while that epoch's change is under way the
     * previous committee too (shards gained and lost). A chain client that answers from a cache older than
     * the event is asked again (up to {@link #VIEW_WAIT}); a follower catching up on old epochs takes the
     * epoch the chain is in now (with its previous committee), since the events of that epoch's own change
     * come before the follower's view and are skipped.
     */
    private ShardView viewOf(int epoch) {
        Committee c = chain.committee();
        long deadline = System.nanoTime() + VIEW_WAIT.toNanos();
        while (c.epoch() < epoch && running && System.nanoTime() < deadline) {
            sleep(200);
            c = chain.committee();
        }
        if (c.epoch() < epoch) {
            Committee behind = c;
            LOG.log(System.Logger.Level.WARNING, () -> ctx.name + ": the chain still answers the committee of epoch "
                    + behind.epoch() + " after its EpochChangeStart of " + epoch + "; taking it as epoch " + epoch
                    + "'s without a previous committee");
            return ShardView.of(c.withEpoch(epoch), ctx.nodeId);
        }
        if (c.epoch() > epoch) {
            int now = c.epoch();
            LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": catching up: the chain is in epoch " + now
                    + " already at the EpochChangeStart of " + epoch + "; taking epoch " + now + "'s view");
        }
        var previous = chain.previousCommittee();
        // even when the change is already done (its EpochChangeDone follows in the stream)
        if (previous.isPresent() && previous.get().epoch() == c.epoch() - 1) {
            return ShardView.changing(c, previous.get(), ctx.nodeId);
        }
        int cEpoch = c.epoch();
        LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": epoch " + cEpoch + " without its previous committee ("
                + previous.map(p -> "the chain answers epoch " + p.epoch() + "'s").orElse("none") + ")");
        return ShardView.of(c, ctx.nodeId);
    }

    private static BlobId blobIdOf(ChainEvent e) {
        if (e instanceof ChainEvent.BlobRegistered r) {
            return r.blobId();
        } else if (e instanceof ChainEvent.BlobCertified c) {
            return c.blobId();
        } else if (e instanceof ChainEvent.BlobDeleted d) {
            return d.blobId();
        }
        return ((ChainEvent.InvalidBlobId) e).blobId();
    }

    private void dropIfUnregistered(BlobId blobId) {
        if (!ctx.registrations(blobId).isRegistered(ctx.epoch())) {
            ctx.pending.remove(blobId);
            if (ctx.store.hasMetadata(blobId)) {
                ctx.store.deleteBlobData(blobId);
                LOG.log(System.Logger.Level.INFO, () -> ctx.name + ": dropped data of " + blobId
                        + " (deleted, invalid or expired)");
            }
        }
    }

    private void dropUnregistered() {
        List<BlobId> gone = new ArrayList<>();
        int epoch = ctx.epoch();
        ctx.store.forEachBlob((id, reg) -> {
            if (!reg.isRegistered(epoch)) {
                gone.add(id);
            }
        });
        gone.forEach(this::dropIfUnregistered);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
