package dev.walrusstream.devnet.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * LocalChain's staking state (Walrus's {@code StakingInnerV1}, reduced to what moves shards): every
 * registered storage node with its stake, the current and previous committee, where the current
 * epoch change stands and which members it still waits for. Immutable; a transaction that changes
 * it journals the whole new value (a committee is small), so replay restores it exactly.
 *
 * @param nodes             registered nodes in node-ID order; {@link Candidate#info()} carries no shards
 * @param previousCommittee null in the first epoch
 * @param awaitingSync      members of the current committee that have not reported their sync (all of them when
 *                          a change moving shards starts; empty when it moved none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StakingState(List<Candidate> nodes, Committee committee, Committee previousCommittee,
                           EpochState epochState, List<ObjectId> awaitingSync) {

    /** A registered storage node and its stake (0: registered but outside the committee). */
    public record Candidate(StorageNodeInfo info, long stake) {
        public Candidate {
            if (info == null) {
                throw new IllegalArgumentException("a candidate needs its node info");
            }
            if (stake < 0) {
                throw new IllegalArgumentException("stake of node " + info.nodeId() + " must not be negative, got " + stake);
            }
            info = new StorageNodeInfo(info.nodeId(), info.name(), info.networkAddress(), info.publicKey(), List.of(),
                    info.networkPublicKey());
        }

        public ObjectId nodeId() {
            return info.nodeId();
        }

        public Candidate withStake(long newStake) {
            return new Candidate(info, newStake);
        }
    }

    public StakingState {
        List<Candidate> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(Candidate::nodeId));
        nodes = List.copyOf(sorted);
        awaitingSync = List.copyOf(awaitingSync);
        if (committee == null || epochState == null) {
            throw new IllegalArgumentException("staking state needs a committee and an epoch state");
        }
    }

    /** The state a genesis starts from: each member staked with its shard count, so selection keeps them as they are. */
    public static StakingState genesis(LedgerGenesis g) {
        List<Candidate> nodes = new ArrayList<>();
        g.members().forEach(m -> nodes.add(new Candidate(m, m.weight())));
        return new StakingState(nodes, g.committee(g.initialEpoch()), null, EpochState.done(g.initialEpoch(), 0),
                List.of());
    }

    public Optional<Candidate> node(ObjectId id) {
        return nodes.stream().filter(c -> c.nodeId().equals(id)).findFirst();
    }

    public long totalStake() {
        return nodes.stream().mapToLong(Candidate::stake).sum();
    }

    StakingState withNodes(List<Candidate> newNodes) {
        return new StakingState(newNodes, committee, previousCommittee, epochState, awaitingSync);
    }

    StakingState withNode(Candidate c) {
        List<Candidate> out = new ArrayList<>(nodes);
        out.removeIf(x -> x.nodeId().equals(c.nodeId()));
        out.add(c);
        return withNodes(out);
    }
}
