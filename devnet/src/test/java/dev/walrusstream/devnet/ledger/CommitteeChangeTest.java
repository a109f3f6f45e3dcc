package dev.walrusstream.devnet.ledger;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageNodeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LocalLedger's committee changes: selection by stake, minimal shard moves, the sync phase and its events, replay. */
class CommitteeChangeTest {
    static final int N = 10;
    static final SuiAddress ALICE = TestCommittees.address("alice");

    @TempDir
    Path dir;

    static StorageNodeInfo spare() {
        return new StorageNodeInfo(TestCommittees.id("spare"), "spare", "127.0.0.1:29999", TestCommittees.key(9).publicKey(),
                List.of());
    }

    static List<ChainEvent> events(LocalLedger l) throws InterruptedException {
        return l.events(EventCursor.START, 1000, Duration.ZERO).events().stream().map(EventRecord::event).toList();
    }

    @Test
    void unchangedStakeKeepsTheCommitteeAndTheChangeIsDoneAtOnce() throws Exception {
        try (LocalLedger l = LocalLedger.create(dir, TestCommittees.genesis(N, 4, ALICE, 1))) {
            Committee before = l.committee();
            assertEquals(2, l.advanceEpoch());
            assertEquals(before.members(), l.committee().members());
            assertEquals(2, l.committee().epoch());
            assertEquals(EpochState.Phase.DONE, l.epochState().phase());
            assertEquals(before.withEpoch(1), l.previousCommittee().orElseThrow());
            assertEquals(List.of(new ChainEvent.EpochChanged(2), new ChainEvent.EpochChangeDone(2)), events(l));
        }
    }

    @Test
    void movingStakeToASpareNodeMovesExactlyTheLeaversShardsAndSyncsUntilAQuorumOfShardsReported() throws Exception {
        try (LocalLedger l = LocalLedger.create(dir, TestCommittees.genesis(N, 4, ALICE, 1))) {
            Committee before = l.committee();
            StorageNodeInfo leaver = before.member(1);
            l.registerNode(spare(), 0);
            assertEquals(before, l.committee(), "registration alone changes nothing before the epoch changes");
            l.moveStake(leaver.nodeId(), spare().nodeId(), l.staking().node(leaver.nodeId()).orElseThrow().stake());
            l.advanceEpoch();

            Committee after = l.committee();
            assertEquals(-1, after.indexOf(leaver.nodeId()), "the node without stake left");
            StorageNodeInfo joined = after.member(after.indexOf(spare().nodeId()));
            assertEquals(leaver.shards(), joined.shards(), "the joiner took exactly the leaver's shards");
            for (StorageNodeInfo m : before.members()) {
                if (!m.nodeId().equals(leaver.nodeId())) {
                    assertEquals(m.shards(), after.member(after.indexOf(m.nodeId())).shards(), "stayer " + m.name() + " kept its shards");
                }
            }
            EpochState syncing = l.epochState();
            assertTrue(syncing.isSyncing());
            assertEquals(0, syncing.syncedWeight(), "EpochChangeSync(0): every member of the new committee reports");
            assertEquals(after.members().stream().map(StorageNodeInfo::nodeId).sorted().toList(),
                    l.staking().awaitingSync().stream().sorted().toList());
            assertEquals(before.withEpoch(1), l.previousCommittee().orElseThrow());

            ChainException.RuleViolation busy = assertThrows(ChainException.RuleViolation.class, l::advanceEpoch);
            assertEquals(Rule.EPOCH_CHANGE_IN_PROGRESS, busy.rule());
            assertTrue(busy.getMessage().contains(spare().nodeId().toString()), busy.getMessage());
            int quorum = (2 * l.committee().nShards() + 3) / 3;
            assertTrue(busy.getMessage().contains("synced weight 0 of " + l.committee().nShards() + " shards, a quorum needs "
                    + quorum) && busy.getMessage().contains(l.committee().nShards() + " shards in all"),
                    "the refusal names the weight still missing: " + busy.getMessage());
            assertEquals(busy.getMessage().substring(busy.getMessage().indexOf("epoch 2: synced")),
                    l.syncProgress() + "); the next epoch starts after EpochChangeDone", "the same words as syncProgress");

            ChainException.RuleViolation stranger = assertThrows(ChainException.RuleViolation.class,
                    () -> l.epochSyncDone(leaver.nodeId(), 2));
            assertEquals(Rule.NOT_IN_COMMITTEE, stranger.rule());
            ChainException.RuleViolation wrongEpoch = assertThrows(ChainException.RuleViolation.class,
                    () -> l.epochSyncDone(spare().nodeId(), 1));
            assertEquals(Rule.EPOCH_CHANGE_IN_PROGRESS, wrongEpoch.rule());

            // the joiner reports first; then stayers, in committee order, until the reported shards are a
            // quorum (3w >= 2n+1); the members left over (here the last stayer) are not waited for
            EpochState s = l.epochSyncDone(spare().nodeId(), 2);
            assertEquals(EpochState.syncing(2, joined.weight(), syncing.changedAtMillis()), s, "the joiner's shards alone are no quorum");
            assertEquals(s, l.epochSyncDone(spare().nodeId(), 2), "a repeated report changes nothing");
            int weight = joined.weight();
            List<StorageNodeInfo> stayers = after.members().stream().filter(m -> !m.nodeId().equals(spare().nodeId())).toList();
            int reported = 0;
            for (StorageNodeInfo m : stayers) {
                weight += m.weight();
                reported++;
                s = l.epochSyncDone(m.nodeId(), 2);
                if (3 * weight >= 2 * N + 1) {
                    break;
                }
                assertTrue(s.isSyncing(), "weight " + weight + " of " + N + " is no quorum: " + s);
                assertEquals(weight, s.syncedWeight());
            }
            assertEquals(EpochState.Phase.DONE, s.phase(), "done at weight " + weight);
            assertTrue(reported < stayers.size(), "the change did not wait for every member");
            assertEquals(EpochState.Phase.DONE, l.epochSyncDone(stayers.get(stayers.size() - 1).nodeId(), 2).phase(),
                    "a report after the change is done changes nothing");
            assertEquals(List.of(new ChainEvent.EpochChanged(2), new ChainEvent.EpochChangeDone(2)), events(l));
            assertEquals(3, l.advanceEpoch(), "the next epoch may start once the change is done");
        }
    }

    @Test
    void stakeApportionsShardsByLargestRemainderAndReplayRestoresEverything() throws Exception {
        ObjectId a;
        Committee after;
        try (LocalLedger l = LocalLedger.create(dir, TestCommittees.genesis(N, 4, ALICE, 1))) {
            a = l.committee().member(0).nodeId();
            l.registerNode(spare(), 0);
            l.setStake(a, 30); // 30 of 30+3+2+2+0 = 37
            l.advanceEpoch();
            after = l.committee();
            Map<ObjectId, Integer> quota = CommitteeSelection.apportion(N, l.staking().nodes());
            assertEquals(8, quota.get(a));
            Set<Integer> all = new HashSet<>();
            after.members().forEach(m -> all.addAll(m.shards()));
            assertEquals(N, all.size());
            assertTrue(after.member(after.indexOf(a)).shards().containsAll(List.of(0, 1, 2)), "kept its own shards first");
            assertEquals(-1, after.indexOf(spare().nodeId()), "a node without stake gets no shard");
        }
        try (LocalLedger again = LocalLedger.open(dir)) {
            assertEquals(after, again.committee());
            assertTrue(again.epochState().isSyncing());
            assertEquals(30, again.staking().node(a).orElseThrow().stake());
            assertEquals(after.epoch() - 1, again.previousCommittee().orElseThrow().epoch());
        }
    }

    @Test
    void refusalsNameTheOffendingValuesAndChangeNothing() throws Exception {
        try (LocalLedger l = LocalLedger.create(dir, TestCommittees.genesis(N, 2, ALICE, 1))) {
            long seq = l.lastTxSeq();
            ObjectId ghost = TestCommittees.id("ghost");
            ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class, () -> l.setStake(ghost, 5));
            assertTrue(v.getMessage().contains(ghost.toString()), v.getMessage());
            assertThrows(ChainException.RuleViolation.class, () -> l.setStake(l.committee().member(0).nodeId(), -1));
            l.setStake(l.committee().member(0).nodeId(), 0);
            ChainException.RuleViolation none = assertThrows(ChainException.RuleViolation.class,
                    () -> l.setStake(l.committee().member(1).nodeId(), 0));
            assertTrue(none.getMessage().contains("no node staked"), none.getMessage());
            assertThrows(ChainException.RuleViolation.class, () -> l.registerNode(l.committee().member(1), 1));
            assertEquals(seq + 1, l.lastTxSeq());
            assertFalse(l.epochState().isSyncing());
        }
    }
}
