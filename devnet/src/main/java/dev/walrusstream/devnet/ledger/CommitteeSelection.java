package dev.walrusstream.devnet.ledger;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageNodeInfo;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.walrusstream.chain.ChainException.violation;

/**
 * The next committee from the staked nodes, as Walrus selects it at an epoch boundary: shards are
 * apportioned by stake (largest remainders, ties to the lower node ID; a node whose share rounds to
 * zero shards stays out), and assigned moving as few as possible: each member keeps the lowest of
 * the shards it held, up to its new share, and the shards set free go, in ascending order, to the
 * members short of their share, in node-ID order. Deterministic: the same stakes and committee
 * always give the same result.
 */
public final class CommitteeSelection {
    private CommitteeSelection() {
    }

    /** Shards per node ID (only nodes with at least one), by stake over {@code nShards}. */
    public static Map<ObjectId, Integer> apportion(int nShards, List<StakingState.Candidate> nodes) {
        BigInteger total = BigInteger.ZERO;
        for (StakingState.Candidate c : nodes) {
            total = total.add(BigInteger.valueOf(c.stake()));
        }
        if (total.signum() == 0) {
            throw violation(Rule.NOT_IN_COMMITTEE, "no storage node holds stake: a committee needs at least one",
                    "nodes", nodes.size());
        }
        int k = nodes.size();
        int[] quota = new int[k];
        BigInteger[] remainder = new BigInteger[k];
        int given = 0;
        for (int i = 0; i < k; i++) {
            BigInteger[] qr = BigInteger.valueOf(nShards).multiply(BigInteger.valueOf(nodes.get(i).stake()))
                    .divideAndRemainder(total);
            quota[i] = qr[0].intValueExact();
            remainder[i] = qr[1];
            given += quota[i];
        }
        for (int left = nShards - given; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < k; i++) {
                if (nodes.get(i).stake() > 0 && (best < 0 || remainder[i].compareTo(remainder[best]) > 0)) {
                    best = i;
                }
            }
            quota[best]++;
            remainder[best] = BigInteger.valueOf(-1); // one extra shard each at most
        }
        Map<ObjectId, Integer> out = new HashMap<>();
        for (int i = 0; i < k; i++) {
            if (quota[i] > 0) {
                out.put(nodes.get(i).nodeId(), quota[i]);
            }
        }
        return out;
    }

    /** The committee of {@code epoch} given the current one and the staked nodes (in node-ID order). */
    public static Committee next(Committee current, List<StakingState.Candidate> nodes, int epoch) {
        int n = current.nShards();
        Map<ObjectId, Integer> quota = apportion(n, nodes);
        Map<ObjectId, TreeSet<Integer>> kept = new HashMap<>();
        TreeSet<Integer> free = new TreeSet<>();
        for (int s = 0; s < n; s++) {
            free.add(s);
        }
        for (StakingState.Candidate c : nodes) {
            Integer q = quota.get(c.nodeId());
            if (q == null) {
                continue;
            }
            TreeSet<Integer> keep = new TreeSet<>();
            int at = current.indexOf(c.nodeId());
            if (at >= 0) {
                for (int s : new TreeSet<>(current.member(at).shards())) {
                    if (keep.size() < q) {
                        keep.add(s);
                    }
                }
            }
            free.removeAll(keep);
            kept.put(c.nodeId(), keep);
        }
        List<StorageNodeInfo> members = new ArrayList<>();
        for (StakingState.Candidate c : nodes) {
            Integer q = quota.get(c.nodeId());
            if (q == null) {
                continue;
            }
            TreeSet<Integer> held = kept.get(c.nodeId());
            while (held.size() < q) {
                held.add(free.pollFirst());
            }
            StorageNodeInfo i = c.info();
            members.add(new StorageNodeInfo(i.nodeId(), i.name(), i.networkAddress(), i.publicKey(), List.copyOf(held),
                    i.networkPublicKey()));
        }
        return new Committee(epoch, n, members);
    }

    /** Members of {@code next} that hold a shard they did not hold in {@code previous}: those that must sync. */
    public static List<ObjectId> gainers(Committee previous, Committee next) {
        List<ObjectId> out = new ArrayList<>();
        for (StorageNodeInfo m : next.members()) {
            int at = previous.indexOf(m.nodeId());
            List<Integer> before = at < 0 ? List.of() : previous.member(at).shards();
            if (!before.containsAll(m.shards())) {
                out.add(m.nodeId());
            }
        }
        return out;
    }
}
