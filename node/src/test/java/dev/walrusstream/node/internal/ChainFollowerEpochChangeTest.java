package dev.walrusstream.node.internal;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.node.NodeLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hole behind a change that stalled short of its quorum: a member that gained nothing in a change
 * whose follower applied the previous EpochChangeStart only after the chain had moved on to that change.
 * The follower then took the new committee without its previous one, skipped the change's own
 * EpochChangeStart (its view was already at that epoch) and never reported, holding back the members'
 * shards from the quorum for good. Here the chain is scripted (a proxy answering committee, previous
 * committee, epoch state and events); the node's store is a real RocksDB and its sync worker, follower
 * and reports are the real ones. The watchdog is switched off (an hour) so the follower's own path is
 * what must report.
 */
class ChainFollowerEpochChangeTest {
    static final int SHARDS = 10;
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    static ObjectId id(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) (i + 1);
        return ObjectId.of(b);
    }

    static StorageNodeInfo member(int i, List<Integer> shards) {
        return new StorageNodeInfo(id(i), "node-" + i, "127.0.0.1:" + (21000 + i), BlsKeyPair.generate(RANDOM).publicKey(),
                shards);
    }

    @Test
    void aMemberThatGainedNothingReportsAChangeItsFollowerReachedAfterTheChainMovedOn() throws Exception {
        // epochs 1 and 2: nodes 0..3 with 3, 3, 2, 2 shards; epoch 3: node 1 handed its stake to node 4
        List<StorageNodeInfo> first = List.of(member(0, List.of(0, 1, 2)), member(1, List.of(3, 4, 5)),
                member(2, List.of(6, 7)), member(3, List.of(8, 9)));
        Committee c1 = new Committee(1, SHARDS, first);
        Committee c2 = c1.withEpoch(2);
        List<StorageNodeInfo> third = new ArrayList<>(List.of(first.get(0), first.get(2), first.get(3),
                member(4, List.of(3, 4, 5))));
        Committee c3 = new Committee(3, SHARDS, third);
        ObjectId self = id(2); // a member of every committee that never gains a shard

        // the chain is already in epoch 3 (syncing) when the follower reads both EpochChangeStarts in one page
        AtomicBoolean delivered = new AtomicBoolean();
        Chain chain = scripted("scripted chain", c3, Optional.of(c2), EpochState.syncing(3, 0, 0),
                (after, limit, wait) -> {
            if (delivered.compareAndSet(false, true)) {
                return new EventPage(List.of(
                        new EventRecord(new EventId("tx-2", 0), new EventCursor("2"), new ChainEvent.EpochChanged(2)),
                        new EventRecord(new EventId("tx-3", 0), new EventCursor("3"), new ChainEvent.EpochChanged(3))),
                        new EventCursor("3"));
            }
            Thread.sleep(50);
            return new EventPage(List.of(), after);
        });

        List<String> reports = new CopyOnWriteArrayList<>();
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
        try (NodeStore store = NodeStore.open(dir.resolve("store"))) {
            ShardView startView = ShardView.of(c1, self);
            store.putHeldShards(new NodeStore.HeldShards(1, new TreeSet<>(startView.ownedShards())));
            try (Node node = Node.start("node-2", self, store, startView, chain, background,
                    (n, epoch) -> reports.add(n + "@" + epoch))) {
                NodeContext ctx = node.ctx;
                EpochSyncReports syncReports = node.reports;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (reports.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(3, ctx.epoch(), "the follower is in epoch 3");
                assertEquals(List.of(self + "@3"), reports,
                        "the member that gained nothing reported the change into epoch 3 it read late");
                assertTrue(ctx.view().previous() != null, "its view of epoch 3 keeps epoch 2's committee");
                assertEquals(3, syncReports.acceptedEpoch());
            }
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * A chain whose events never pause for as long as the follower's long poll (the pipeline certifying
     * blobs all the time): the follower must still come to know it is caught up, or a gainer's shard sync,
     * which waits for that, never starts (the stall of EpochChurnPipelineIT in the full runs: two gainers
     * that never reported, and no sync progress logged). The chain answers at once with the events it has,
     * a long poll as soon as its next event exists (one every 100 ms), and an empty page only to a poll
     * without wait.
     */
    @Test
    void aFollowerOnAChainThatNeverPausesStillCatchesUp() throws Exception {
        Committee c1 = new Committee(1, SHARDS, List.of(member(0, List.of(0, 1, 2, 3, 4)), member(1, List.of(5, 6, 7, 8, 9))));
        long start = System.nanoTime();
        java.util.function.LongSupplier produced = () -> 3 + (System.nanoTime() - start) / 100_000_000L;
        java.util.concurrent.atomic.AtomicLong longPollsAnswered = new java.util.concurrent.atomic.AtomicLong();
        Chain chain = scripted("scripted chain with an event every 100 ms", c1, Optional.empty(), EpochState.done(1, 0),
                (after, limit, wait) -> {
            long from = after.isStart() ? 0 : Long.parseLong(after.value());
            long deadline = System.nanoTime() + wait.toNanos();
            while (produced.getAsLong() <= from && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long to = Math.min(produced.getAsLong(), from + limit);
            if (to <= from) {
                return new EventPage(List.of(), after);
            }
            if (!wait.isZero()) {
                longPollsAnswered.incrementAndGet();
            }
            List<EventRecord> page = new ArrayList<>();
            for (long i = from; i < to; i++) {
                page.add(new EventRecord(new EventId("tx-" + i, 0), new EventCursor(Long.toString(i + 1)),
                        new ChainEvent.EpochChanged(1)));
            }
            return new EventPage(page, new EventCursor(Long.toString(to)));
        });

        ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
        try (NodeStore store = NodeStore.open(dir.resolve("store"))) {
            ShardView view = ShardView.of(c1, id(0));
            java.util.concurrent.CountDownLatch caughtUp = new java.util.concurrent.CountDownLatch(1);
            try (Node node = Node.start("node-0", id(0), store, view, chain, background, (n, epoch) -> { },
                    caughtUp::countDown)) {
                ChainFollower follower = node.follower;
                assertTrue(caughtUp.await(10, java.util.concurrent.TimeUnit.SECONDS),
                        "the follower never called itself caught up; events applied: " + follower.eventsApplied());
                assertTrue(follower.caughtUp());
                long applied = follower.eventsApplied();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (longPollsAnswered.get() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(longPollsAnswered.get() >= 3, "once caught up the follower long-polls; answered: "
                        + longPollsAnswered.get());
                assertTrue(follower.eventsApplied() > applied, "and keeps applying the stream of events");
            }
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * An empty page whose cursor moved (a Sui chain that scanned a stretch of checkpoints without Walrus
     * events, and has more) is progress, not the head: the follower keeps the new cursor and is caught up
     * only once a page comes back empty at the cursor it asked with.
     */
    @Test
    void anEmptyPageThatMovedItsCursorIsNotTheHead() throws Exception {
        Committee c1 = new Committee(1, SHARDS, List.of(member(0, List.of(0, 1, 2, 3, 4)), member(1, List.of(5, 6, 7, 8, 9))));
        List<String> asked = new CopyOnWriteArrayList<>();
        Chain chain = scripted("scripted chain with a stretch of checkpoints without events", c1, Optional.empty(),
                EpochState.done(1, 0), (after, limit, wait) -> {
            asked.add(after.value());
            return switch (after.value()) {
                case "" -> new EventPage(List.of(), new EventCursor("scanned-to-2000"));
                case "scanned-to-2000" -> new EventPage(List.of(new EventRecord(new EventId("tx-2001", 0),
                        new EventCursor("2001"), new ChainEvent.EpochChanged(1))), new EventCursor("2001"));
                default -> {
                    Thread.sleep(20);
                    yield new EventPage(List.of(), after);
                }
            };
        });
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
        try (NodeStore store = NodeStore.open(dir.resolve("store"))) {
            java.util.concurrent.CompletableFuture<Long> appliedWhenCaughtUp = new java.util.concurrent.CompletableFuture<>();
            try (Node node = Node.start("node-0", id(0), store, ShardView.of(c1, id(0)), chain, background, (n, e) -> { },
                    () -> appliedWhenCaughtUp.complete(store.eventsApplied()))) {
                assertEquals(1L, appliedWhenCaughtUp.get(10, java.util.concurrent.TimeUnit.SECONDS),
                        "caught up only after the event beyond the stretch; chain asked at "
                                + asked.subList(0, Math.min(5, asked.size())) + "…");
                assertEquals(new EventCursor("2001"), store.cursor());
                assertEquals(List.of("", "scanned-to-2000", "2001"), asked.subList(0, 3));
            }
        } finally {
            background.shutdownNow();
        }
    }

    /** The events a scripted chain answers. */
    interface Events {
        EventPage events(EventCursor after, int limit, Duration wait) throws Exception;
    }

    /** A chain answering its committees and epoch state as given and its events from {@code events}; nothing else. */
    static Chain scripted(String description, Committee committee, Optional<Committee> previous, EpochState state,
                          Events events) {
        return (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[]{Chain.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "committee" -> committee;
                    case "previousCommittee" -> previous;
                    case "epochState" -> state;
                    case "currentEpoch" -> committee.epoch();
                    case "events" -> events.events((EventCursor) args[0], (int) args[1], (Duration) args[2]);
                    case "close" -> null;
                    case "toString" -> description;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * A node's context, sync worker, reports and follower as StorageNode wires them, on a scripted chain;
     * the reports' watchdog is switched off (an hour) so the follower's own path is what must report.
     */
    record Node(NodeContext ctx, EpochSyncReports reports, ShardSyncWorker sync, RecoveryWorker recovery,
                ChainFollower follower) implements AutoCloseable {
        static Node start(String name, ObjectId self, NodeStore store, ShardView view, Chain chain,
                          ScheduledExecutorService background, dev.walrusstream.node.EpochSyncReporter reporter, Runnable... whenCaughtUp) {
            NodeContext ctx = new NodeContext(name, self, BlsKeyPair.generate(RANDOM), store, NodeLimits.DEFAULTS, view);
            NodeService service = new NodeService(ctx);
            PeerClient peers = new PeerClient(Duration.ofSeconds(5), background);
            RecoveryWorker recovery = new RecoveryWorker(ctx, service, peers, background);
            EpochSyncReports reports = new EpochSyncReports(ctx, reporter, chain::epochState, Duration.ofHours(1));
            ShardSyncWorker sync = new ShardSyncWorker(ctx, recovery, peers, background, reports);
            ChainFollower follower = new ChainFollower(ctx, chain, service, recovery, sync);
            for (Runnable r : whenCaughtUp) {
                follower.whenCaughtUp(r);
            }
            follower.start();
            return new Node(ctx, reports, sync, recovery, follower);
        }

        @Override
        public void close() {
            follower.close();
            sync.close();
            recovery.close();
        }
    }
}
