package dev.walrusstream.node.internal;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The committee of the node's current epoch and the shards this node holds in it; across an epoch
 * change also the previous committee and the shards this node held there and lost ({@code losing}),
 * which it keeps serving (and handing to late gainers) until the next epoch starts. Immutable.
 *
 * @param previous null when the node does not know it (first epoch, or the change is done)
 */
public record ShardView(Committee committee, int memberIndex, Set<Integer> ownedShards, Committee previous,
                        Set<Integer> losing) {

    public ShardView {
        ownedShards = Set.copyOf(ownedShards);
        losing = Set.copyOf(losing);
    }

    public static ShardView of(Committee committee, ObjectId nodeId) {
        return new ShardView(committee, committee.indexOf(nodeId), held(committee, nodeId), null, Set.of());
    }

    /**
     * The view while the change into {@code committee} is under way: the previous committee kept, the
     * shards held there and not here still served.
     */
    public static ShardView changing(Committee committee, Committee previous, ObjectId nodeId) {
        Set<Integer> owned = held(committee, nodeId);
        TreeSet<Integer> losing = new TreeSet<>(held(previous, nodeId));
        losing.removeAll(owned);
        return new ShardView(committee, committee.indexOf(nodeId), owned, previous, losing);
    }

    private static Set<Integer> held(Committee c, ObjectId nodeId) {
        int index = c == null ? -1 : c.indexOf(nodeId);
        return index < 0 ? Set.of() : Set.copyOf(new TreeSet<>(c.member(index).shards()));
    }

    /** Shards this node holds now and did not hold in the previous committee (empty without one). */
    public Set<Integer> gained(ObjectId nodeId) {
        if (previous == null) {
            return Set.of();
        }
        TreeSet<Integer> g = new TreeSet<>(ownedShards);
        g.removeAll(held(previous, nodeId));
        return g;
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

    /** Owned now, or lost in this epoch's change and still served until the next epoch starts. */
    public boolean serves(int shard) {
        return ownedShards.contains(shard) || losing.contains(shard);
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
