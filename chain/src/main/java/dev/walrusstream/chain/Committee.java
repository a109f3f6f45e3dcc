package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The storage committee of one epoch: members sorted by node ID (the order of Walrus's
 * {@code BlsCommittee.members}, which certificate bitmaps index), each holding a disjoint set of
 * shards that together cover 0..n−1.
 */
public record Committee(int epoch, int nShards, List<StorageNodeInfo> members) {

    public Committee {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
        }
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a committee needs at least one member");
        }
        int[] owner = new int[nShards];
        java.util.Arrays.fill(owner, -1);
        for (int i = 0; i < members.size(); i++) {
            StorageNodeInfo m = members.get(i);
            if (i > 0 && members.get(i - 1).nodeId().compareTo(m.nodeId()) >= 0) {
                throw new IllegalArgumentException("committee members must be sorted by node ID without duplicates: "
                        + members.get(i - 1).nodeId() + " then " + m.nodeId());
            }
            if (m.weight() == 0) {
                throw new IllegalArgumentException("committee member " + m.nodeId() + " holds no shards");
            }
            for (int s : m.shards()) {
                if (s < 0 || s >= nShards) {
                    throw new IllegalArgumentException("shard " + s + " of member " + m.nodeId() + " is outside 0.." + (nShards - 1));
                }
                if (owner[s] >= 0) {
                    throw new IllegalArgumentException("shard " + s + " is assigned twice");
                }
                owner[s] = i;
            }
        }
        for (int s = 0; s < nShards; s++) {
            if (owner[s] < 0) {
                throw new IllegalArgumentException("shard " + s + " is assigned to no member");
            }
        }
    }

    public int size() {
        return members.size();
    }

    public StorageNodeInfo member(int index) {
        return members.get(index);
    }

    /** Index of the member that holds {@code shard}. */
    public int memberOfShard(int shard) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).shards().contains(shard)) {
                return i;
            }
        }
        throw new IllegalArgumentException("shard " + shard + " is outside 0.." + (nShards - 1));
    }

    /** Member index of {@code nodeId}, or −1. */
    public int indexOf(ObjectId nodeId) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).nodeId().equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    /** Shards held by the members with the given indices. */
    public int weightOf(Collection<Integer> memberIndices) {
        int w = 0;
        for (int i : memberIndices) {
            w += members.get(i).weight();
        }
        return w;
    }

    /** Walrus's certificate quorum: 3w ≥ 2n + 1. */
    public boolean isQuorum(int weight) {
        return 3L * weight >= 2L * nShards + 1;
    }

    /** At least one correct node among the weight: 3w ≥ n + 1 (used for invalid-blob certificates). */
    public boolean includesOneCorrectNode(int weight) {
        return 3L * weight >= (long) nShards + 1;
    }

    /** The smallest weight that is a quorum. */
    public int quorumWeight() {
        return (2 * nShards + 1 + 2) / 3;
    }

    /** Signer bitmap, LSB first: member i is bit i%8 of byte i/8; ⌈members/8⌉ bytes. */
    public byte[] bitmap(Collection<Integer> memberIndices) {
        byte[] bitmap = new byte[(members.size() + 7) / 8];
        for (int i : memberIndices) {
            if (i < 0 || i >= members.size()) {
                throw new IllegalArgumentException("member index " + i + " is outside 0.." + (members.size() - 1));
            }
            bitmap[i / 8] |= (byte) (1 << (i % 8));
        }
        return bitmap;
    }

    /** The same members in another epoch. */
    public Committee withEpoch(int newEpoch) {
        return new Committee(newEpoch, nShards, members);
    }

    public List<ObjectId> nodeIds() {
        List<ObjectId> ids = new ArrayList<>(members.size());
        members.forEach(m -> ids.add(m.nodeId()));
        return ids;
    }

    /**
     * Shards {@code 0..nShards-1} split into {@code members} contiguous runs as evenly as possible, the
     * first {@code nShards % members} runs one longer: the assignment development networks use.
     */
    public static List<List<Integer>> balancedShards(int nShards, int members) {
        if (members < 1 || members > nShards) {
            throw new IllegalArgumentException("need between 1 and " + nShards + " members for " + nShards
                    + " shards, got " + members);
        }
        List<List<Integer>> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < members; i++) {
            int count = nShards / members + (i < nShards % members ? 1 : 0);
            List<Integer> shards = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                shards.add(next++);
            }
            out.add(shards);
        }
        return out;
    }
}
