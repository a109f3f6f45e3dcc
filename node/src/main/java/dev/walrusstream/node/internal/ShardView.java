package dev.walrusstream.node.internal;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The committee of the node's current epoch and the shards this node holds in it. Immutable. */
public record ShardView(Committee committee, int memberIndex, Set<Integer> ownedShards) {

    public static ShardView of(Committee committee, ObjectId nodeId) {
        int index = committee.indexOf(nodeId);
        Set<Integer> owned = index < 0 ? Set.of() : Set.copyOf(new TreeSet<>(committee.member(index).shards()));
        return new ShardView(committee, index, owned);
    }

    public int epoch() {
        return committee.epoch();
    }

    public int nShards() {
        return committee.nShards();
    }

    public RedStuffParams params() {
        return RedStuffParams.of(committee.nShards());
    }

    public boolean owns(int shard) {
        return ownedShards.contains(shard);
    }

    /** Pair indices this node stores for {@code blobId}, ascending by shard. */
    public List<Integer> ownedPairs(BlobId blobId) {
        RedStuffParams p = params();
        return new TreeSet<>(ownedShards).stream().map(s -> p.pairOfShard(blobId, s)).toList();
    }

    /** Peers (other members) of this node. */
    public List<StorageNodeInfo> peers() {
        return committee.members().stream().filter(m -> committee.indexOf(m.nodeId()) != memberIndex).toList();
    }
}
