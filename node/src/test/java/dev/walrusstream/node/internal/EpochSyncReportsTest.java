package dev.walrusstream.node.internal;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.node.NodeLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member's epoch-sync report reaches the chain: transient refusals are retried with backoff while the
 * node is in that epoch, nothing is retried once it moved on, and the watchdog reports for a member that
 * holds its shards while the change syncs although no sync handed its report over. The node's store is a
 * real RocksDB; the chain is the reporter and epoch state the node is given.
 */
class EpochSyncReportsTest {
    static final int SHARDS = 10;
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A committee of {@code ids} with balanced shards, as epoch {@code epoch}'s. */
    static Committee committee(int epoch, List<ObjectId> ids) {
        List<List<Integer>> shards = Committee.balancedShards(SHARDS, ids.size());
        List<ObjectId> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        List<StorageNodeInfo> infos = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            infos.add(new StorageNodeInfo(sorted.get(i), "node-" + i, "127.0.0.1:" + (20000 + i),
                    BlsKeyPair.generate(RANDOM).publicKey(), shards.get(i)));
        }
        return new Committee(epoch, SHARDS, infos);
    }

    static ObjectId randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return ObjectId.of(b);
    }

    NodeContext member(ObjectId self, Committee committee) {
        NodeStore store = NodeStore.open(dir.resolve("store-" + open.size()));
        open.add(store);
        return new NodeContext("node-under-test", self, BlsKeyPair.generate(RANDOM), store, NodeLimits.DEFAULTS,
                ShardView.of(committee, self));
    }

    EpochSyncReports reports(NodeContext ctx, dev.walrusstream.node.EpochSyncReporter reporter,
                             java.util.function.Supplier<EpochState> state, Duration checkEvery) {
        EpochSyncReports r = new EpochSyncReports(ctx, reporter, state, checkEvery);
        open.add(0, r);
        return r;
    }

    static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void aReportRefusedForTransientReasonsIsSentAgainUntilTheChainTakesIt() throws Exception {
        ObjectId self = randomId();
        Committee c = committee(5, List.of(self, randomId(), randomId(), randomId()));
        NodeContext ctx = member(self, c);
        List<Long> calls = new CopyOnWriteArrayList<>();
        List<String> reported = new CopyOnWriteArrayList<>();
        EpochSyncReports reports = reports(ctx, (id, epoch) -> {
            calls.add(System.nanoTime());
            reported.add(id + "@" + epoch);
            switch (calls.size()) {
                case 1, 2 -> throw new ChainException.Unavailable("the full node is restarting", null);
                case 3 -> throw ChainException.violation(Rule.EPOCH_CHANGE_IN_PROGRESS,
                        "node reported the sync of epoch 5, but the current epoch is 4", "reported", 5, "epoch", 4);
                default -> { }
            }
        }, () -> EpochState.syncing(5, 0, 0), Duration.ofHours(1));

        reports.holdsShards(5, "test: holds its shards");
        await(() -> reports.acceptedEpoch() == 5, Duration.ofSeconds(30), "the report is taken after the refusals: "
                + calls.size() + " calls");
        assertEquals(4, calls.size(), "two unavailable, one refused for the epoch, then taken");
        assertEquals(List.of(self + "@5", self + "@5", self + "@5", self + "@5"), reported);
        long firstGap = calls.get(1) - calls.get(0);
        long thirdGap = calls.get(3) - calls.get(2);
        assertTrue(firstGap >= EpochSyncReports.FIRST_RETRY.toNanos() * 9 / 10, "backoff before the first retry: "
                + firstGap / 1_000_000 + " ms");
        assertTrue(thirdGap > firstGap, "the backoff grows: " + firstGap / 1_000_000 + " ms, then "
                + thirdGap / 1_000_000 + " ms");
        reports.holdsShards(5, "test: again");
        Thread.sleep(300);
        assertEquals(4, calls.size(), "a taken report is not sent again");
    }

    @Test
    void retriesStopOnceTheNodeIsInTheNextEpoch() throws Exception {
        ObjectId self = randomId();
        List<ObjectId> ids = List.of(self, randomId(), randomId(), randomId());
        NodeContext ctx = member(self, committee(5, ids));
        AtomicInteger calls = new AtomicInteger();
        EpochSyncReports reports = reports(ctx, (id, epoch) -> {
            calls.incrementAndGet();
            throw new ChainException.Unavailable("down", null);
        }, () -> EpochState.syncing(5, 0, 0), Duration.ofHours(1));

        reports.holdsShards(5, "test");
        await(() -> calls.get() >= 2, Duration.ofSeconds(10), "retried while in epoch 5");
        ctx.setView(ShardView.of(committee(6, ids), self));
        Thread.sleep(EpochSyncReports.FIRST_RETRY.toMillis() * 8);
        int after = calls.get();
        Thread.sleep(EpochSyncReports.FIRST_RETRY.toMillis() * 8);
        assertEquals(after, calls.get(), "no report of epoch 5 once the node is in epoch 6");
        assertEquals(-1, reports.acceptedEpoch());
    }

    @Test
    void theWatchdogReportsForAMemberHoldingItsShardsWhoseReportWasNeverHandedOver() throws Exception {
        ObjectId self = randomId();
        Committee c = committee(7, List.of(self, randomId(), randomId(), randomId()));
        NodeContext ctx = member(self, c);
        AtomicReference<EpochState> chain = new AtomicReference<>(EpochState.syncing(7, 3, 0));
        AtomicInteger calls = new AtomicInteger();
        List<Integer> epochs = new CopyOnWriteArrayList<>();
        EpochSyncReports reports = reports(ctx, (id, epoch) -> {
            epochs.add(epoch);
            calls.incrementAndGet();
        }, chain::get, Duration.ofMillis(50));

        Thread.sleep(500);
        assertEquals(0, calls.get(), "no report while the node has no record of holding its shards in epoch 7");
        ctx.store.putHeldShards(new NodeStore.HeldShards(7, new TreeSet<>(ctx.view().ownedShards())));
        await(() -> reports.acceptedEpoch() == 7, Duration.ofSeconds(10),
                "the watchdog reports: the chain syncs epoch 7 and this member holds its shards");
        assertEquals(1, calls.get());
        assertEquals(List.of(7), epochs);
    }

    @Test
    void theWatchdogLeavesAChangeThatIsDoneAlone() throws Exception {
        ObjectId self = randomId();
        Committee c = committee(7, List.of(self, randomId(), randomId(), randomId()));
        NodeContext ctx = member(self, c);
        ctx.store.putHeldShards(new NodeStore.HeldShards(7, new TreeSet<>(ctx.view().ownedShards())));
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        reports(ctx, (id, epoch) -> calls.incrementAndGet(), () -> {
            asked.incrementAndGet();
            return EpochState.done(7, 1);
        }, Duration.ofMillis(50));
        Thread.sleep(600);
        assertEquals(0, calls.get(), "no report for a change that is done");
        assertEquals(1, asked.get(), "the chain is asked once: a done change stays done");
    }
}
