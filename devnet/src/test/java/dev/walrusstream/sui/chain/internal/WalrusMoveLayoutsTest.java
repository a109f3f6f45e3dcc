package dev.walrusstream.sui.chain.internal;

import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.DeletableCounts;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsPublicKey;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.devnet.sui.internal.WalrusObjects;
import dev.walrusstream.sui.rpc.ExecutionStatus;
import dev.walrusstream.sui.walrus.WalrusBlobObject;
import dev.walrusstream.sui.walrus.WalrusEvents;
import dev.walrusstream.sui.walrus.WalrusNodeInfo;
import dev.walrusstream.sui.walrus.WalrusStakingState;
import dev.walrusstream.sui.walrus.WalrusSystemState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Move layouts SuiChain reads (System and Staking inner state, staking pools, Blob objects,
 * events) decode what the loopback ledger writes in Walrus's layout, and Sui's failures map to
 * the rules of Walrus's contract.
 */
class WalrusMoveLayoutsTest {
    static final LocalSuiIds IDS = LocalSuiIds.of("layouts");
    static final Committee COMMITTEE = LocalSuiFixture.genesis(Map.of()).committee(5);
    static final ChainInfo INFO = new ChainInfo("sui", "", "layouts", 10, 5, 11, 3, 53);
    static final BlobId BLOB = BlobId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    static final ObjectId OBJECT = ObjectId.parse("0xb10b");

    @Test
    void systemInnerState() {
        WalrusSystemState s = WalrusSystemState.fromFieldContents(WalrusObjects.systemInner(IDS, COMMITTEE, INFO,
                1L << 40, 12345));
        assertEquals(5, s.epoch());
        assertEquals(10, s.nShards());
        assertEquals(53, s.maxEpochsAhead());
        assertEquals(12345, s.usedCapacitySize());
        assertEquals(11, s.prices().storagePricePerUnitSize());
        assertEquals(3, s.prices().writePricePerUnitSize());
        for (int i = 0; i < COMMITTEE.size(); i++) {
            StorageNodeInfo m = COMMITTEE.member(i);
            assertEquals(96, s.members().get(i).publicKey().length);
            assertEquals(m.publicKey(), BlsPublicKey.fromOnChainBytes(s.members().get(i).publicKey()));
            assertEquals(m.weight(), s.members().get(i).weight());
            assertEquals(m.nodeId(), s.members().get(i).nodeId());
        }
    }

    @Test
    void stakingInnerStateAndPools() {
        WalrusStakingState s = WalrusStakingState.fromFieldContents(WalrusObjects.stakingInner(IDS, COMMITTEE, 86_400_000,
                1_700_000_000_000L));
        assertEquals(10, s.nShards());
        assertEquals(5, s.epoch());
        assertEquals(86_400_000, s.epochDurationMillis());
        assertEquals(IDS.poolsTable(), s.poolsTable());
        assertTrue(s.nextCommittee().isEmpty());
        for (StorageNodeInfo m : COMMITTEE.members()) {
            assertEquals(m.shards(), s.committee().get(m.nodeId()));
            WalrusNodeInfo info = WalrusNodeInfo.fromPoolContents(WalrusObjects.pool(IDS, m, INFO, 5));
            assertEquals(m.name(), info.name());
            assertEquals(m.networkAddress(), info.networkAddress());
            assertEquals(m.publicKey(), BlsPublicKey.fromOnChainBytes(info.publicKey()));
            assertTrue(info.nextEpochPublicKey().isEmpty());
        }
        assertEquals(dev.walrusstream.chain.EpochState.done(5, 1_700_000_000_000L), s.epochState());
    }

    @Test
    void stakingInnerStateWhileSyncingCarriesThePreviousCommitteeAndTheSyncedWeight() {
        Committee previous = new Committee(4, 10, mergeFirstTwo());
        WalrusStakingState s = WalrusStakingState.fromFieldContents(WalrusObjects.stakingInner(IDS, COMMITTEE, previous,
                dev.walrusstream.chain.EpochState.syncing(5, 7, 1L), 60_000, 1_700_000_000_000L));
        assertEquals(dev.walrusstream.chain.EpochState.syncing(5, 7, 0), s.epochState());
        assertEquals(previous.size(), s.previousCommittee().size());
        for (StorageNodeInfo m : previous.members()) {
            assertEquals(m.shards(), s.previousCommittee().get(ObjectId.of(m.nodeId().bytes())));
        }
    }

    /** The committee with member 0's shards held by member 1 (as if member 0 had left). */
    static List<StorageNodeInfo> mergeFirstTwo() {
        StorageNodeInfo a = COMMITTEE.member(0);
        StorageNodeInfo b = COMMITTEE.member(1);
        List<Integer> shards = new java.util.ArrayList<>(a.shards());
        shards.addAll(b.shards());
        List<StorageNodeInfo> out = new java.util.ArrayList<>();
        out.add(new StorageNodeInfo(b.nodeId(), b.name(), b.networkAddress(), b.publicKey(), shards));
        out.addAll(COMMITTEE.members().subList(2, COMMITTEE.size()));
        return out;
    }

    @Test
    void blobObjectsAndEvents() {
        WalrusBlobObject blob = new WalrusBlobObject(ObjectId.parse("0xb10b"), 3, BLOB, 1234, 1, OptionalLong.of(4),
                new WalrusBlobObject.WalrusStorage(ObjectId.parse("0x57"), 3, 9, 5_000_000), true);
        assertEquals(blob, WalrusBlobObject.fromContents(blob.toContents()));
        List<ChainEvent> events = List.of(
                new ChainEvent.BlobRegistered(3, BLOB, 1234, 1, 9, true, OBJECT),
                new ChainEvent.BlobCertified(4, BLOB, 9, true, OBJECT, false),
                new ChainEvent.BlobDeleted(5, BLOB, 9, OBJECT, true),
                new ChainEvent.InvalidBlobId(6, BLOB),
                new ChainEvent.EpochChanged(7),
                new ChainEvent.EpochChangeDone(7));
        for (ChainEvent e : events) {
            assertEquals(Optional.of(e), WalrusEvents.decode(WalrusEvents.name(e), WalrusEvents.encode(e)));
        }
        assertEquals(Optional.of(new ChainEvent.EpochChangeDone(7)),
                WalrusEvents.decode(WalrusEvents.EPOCH_CHANGE_DONE, WalrusEvents.encodeEpochOnly(7)));
        assertTrue(WalrusEvents.decode("ShardsReceived", new byte[] {7, 0, 0, 0, 0}).isEmpty());
        String pkg = IDS.originalPackage().toString();
        assertEquals("BlobCertified", EventFollower.walrusEventName(pkg + "::events::BlobCertified", Set.of(pkg)));
        assertNull(EventFollower.walrusEventName(IDS.currentPackage() + "::events::BlobCertified", Set.of(pkg)),
                "events are named by the defining package, not the called one");
        assertNull(EventFollower.walrusEventName(pkg + "::other::BlobCertified", Set.of(pkg)));
    }

    @Test
    void moveAbortsMapToWalrusRules() {
        assertEquals(Rule.NOT_ENOUGH_WEIGHT, rule("certify", "bls_aggregate", 2));
        assertEquals(Rule.SIGNATURE_INVALID, rule("certify", "bls_aggregate", 1));
        assertEquals(Rule.EPOCH_MISMATCH, rule("certify", "messages", 1));
        assertEquals(Rule.EPOCH_MISMATCH, rule("certify", "system_state_inner", 3));
        assertEquals(Rule.INVALID_EPOCHS_AHEAD, rule("register", "system_state_inner", 2));
        assertEquals(Rule.INSUFFICIENT_BALANCE, rule("register", "balance", 2));
        assertEquals(Rule.INVALID_BLOB_ID, rule("register", "blob", 6));
        assertEquals(Rule.BLOB_ID_MISMATCH, rule("certify", "blob", 6));
        assertEquals(Rule.ALREADY_CERTIFIED, rule("certify", "blob", 5));
        assertEquals(Rule.EXECUTION_FAILED, rule("certify", "somewhere", 9));
        assertEquals(Rule.INSUFFICIENT_GAS, Failures.ruleOf("register", new ExecutionStatus.Failure("", OptionalLong.empty(),
                "INSUFFICIENT_GAS", Optional.empty())));
        assertEquals(Rule.STALE_OBJECT_VERSION, Failures.rejectionRule("Object ID 0x1 Version 0x5 Digest x is not "
                + "available for consumption, current version: 0x6"));
        assertEquals(Rule.INSUFFICIENT_GAS, Failures.rejectionRule("Balance of gas object 5 is lower than the needed "
                + "amount: 10"));
        assertEquals(Rule.TRANSACTION_REJECTED, Failures.rejectionRule("Signature is not valid: signer 0x1 is not "
                + "the sender 0x2"));
    }

    private static Rule rule(String phase, String module, long code) {
        return Failures.ruleOf(phase, new ExecutionStatus.Failure("", OptionalLong.of(0), "MOVE_ABORT",
                Optional.of(new ExecutionStatus.MoveAbort(code, "0x1", module, "f"))));
    }

    @Test
    void strongerBlobStatusesRankHigher() {
        EventId e = new EventId("11111111111111111111111111111111", 0);
        BlobStatus invalid = new BlobStatus.Invalid(e);
        BlobStatus certified = new BlobStatus.Permanent(9, true, e, DeletableCounts.NONE, 4);
        BlobStatus certifiedShorter = new BlobStatus.Permanent(8, true, e, DeletableCounts.NONE, 4);
        BlobStatus registered = new BlobStatus.Permanent(20, false, e, DeletableCounts.NONE, null);
        BlobStatus deletable = new BlobStatus.Deletable(4, new DeletableCounts(2, 1));
        List<BlobStatus> order = List.of(invalid, certified, certifiedShorter, registered, deletable,
                BlobStatus.Nonexistent.INSTANCE);
        for (int i = 1; i < order.size(); i++) {
            assertTrue(NodeStatusQuery.rank(order.get(i - 1)) > NodeStatusQuery.rank(order.get(i)), order.get(i).toString());
        }
    }
}
