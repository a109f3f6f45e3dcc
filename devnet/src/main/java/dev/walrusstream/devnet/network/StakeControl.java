package dev.walrusstream.devnet.network;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.devnet.ledger.LocalLedger;
import dev.walrusstream.devnet.ledger.StakingState;
import dev.walrusstream.devnet.sui.LocalSui;

import java.util.Optional;

/**
 * The development controls of a served ledger that change who is in the committee, through the
 * front end that serves it (LocalChain directly, LocalSui so that its Sui objects and journal follow):
 * register a node, set or move stake, report a member's sync, start the next epoch.
 */
public interface StakeControl {
    StakingState staking();

    Committee committee();

    Optional<Committee> previousCommittee();

    EpochState epochState();

    void registerNode(StorageNodeInfo node, long stake);

    /**
     * Registers {@code node} with {@code stake}; on a Sui ledger its {@code StorageNodeCap} goes to {@code operator}
     * (the node's own Sui address), as Walrus's {@code register_candidate} does. LocalChain has no caps.
     */
    default void registerNode(StorageNodeInfo node, long stake, dev.walrusstream.codec.ids.SuiAddress operator) {
        registerNode(node, stake);
    }

    void setStake(ObjectId nodeId, long stake);

    void moveStake(ObjectId from, ObjectId to, long amount);

    void epochSyncDone(ObjectId nodeId, int epoch);

    int advanceEpoch();

    /** Where the current change's sync reports stand: the synced weight, the quorum, who has not reported. */
    default String syncProgress() {
        return dev.walrusstream.devnet.ledger.SyncProgress.describe(committee(), epochState(), staking().awaitingSync());
    }

    static StakeControl of(LocalLedger l) {
        return new StakeControl() {
            public StakingState staking() {
                return l.staking();
            }

            public Committee committee() {
                return l.committee();
            }

            public Optional<Committee> previousCommittee() {
                return l.previousCommittee();
            }

            public EpochState epochState() {
                return l.epochState();
            }

            public void registerNode(StorageNodeInfo node, long stake) {
                l.registerNode(node, stake);
            }

            public void setStake(ObjectId nodeId, long stake) {
                l.setStake(nodeId, stake);
            }

            public void moveStake(ObjectId from, ObjectId to, long amount) {
                l.moveStake(from, to, amount);
            }

            public void epochSyncDone(ObjectId nodeId, int epoch) {
                l.epochSyncDone(nodeId, epoch);
            }

            public int advanceEpoch() {
                return l.advanceEpoch();
            }
        };
    }

    static StakeControl of(LocalSui s) {
        return new StakeControl() {
            public StakingState staking() {
                return s.staking();
            }

            public Committee committee() {
                return s.committee();
            }

            public Optional<Committee> previousCommittee() {
                return s.previousCommittee();
            }

            public EpochState epochState() {
                return s.epochState();
            }

            public void registerNode(StorageNodeInfo node, long stake) {
                s.registerNode(node, stake);
            }

            /** Registers with the cap to {@code operator}, and gives it SUI for gas from the faucet. */
            public void registerNode(StorageNodeInfo node, long stake, dev.walrusstream.codec.ids.SuiAddress operator) {
                s.registerNode(node, stake, operator);
                if (operator != null) {
                    s.mintSui(operator, ChainBackend.NODE_GAS_MIST);
                }
            }

            public void setStake(ObjectId nodeId, long stake) {
                s.setStake(nodeId, stake);
            }

            public void moveStake(ObjectId from, ObjectId to, long amount) {
                s.moveStake(from, to, amount);
            }

            public void epochSyncDone(ObjectId nodeId, int epoch) {
                s.epochSyncDone(nodeId, epoch);
            }

            public int advanceEpoch() {
                return s.advanceEpoch();
            }
        };
    }

    /**
     * Churn before an epoch change: the member that joined longest ago (the first in node-ID order
     * that holds stake and is not the newest member) hands all its stake to a registered node without
     * stake, so at the change one node leaves and one joins. Does nothing without such a spare.
     */
    static void rotateOne(StakeControl c) {
        StakingState s = c.staking();
        Optional<StakingState.Candidate> spare = s.nodes().stream().filter(n -> n.stake() == 0).findFirst();
        if (spare.isEmpty()) {
            return;
        }
        Optional<Committee> before = c.previousCommittee();
        Optional<StakingState.Candidate> leaver = s.nodes().stream().filter(n -> n.stake() > 0)
                .filter(n -> before.isEmpty() || before.get().indexOf(n.nodeId()) >= 0)
                .findFirst();
        leaver.ifPresent(l -> c.moveStake(l.nodeId(), spare.get().nodeId(), l.stake()));
    }
}
