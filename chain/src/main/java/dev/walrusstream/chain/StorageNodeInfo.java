package dev.walrusstream.chain;

import dev.walrusstream.chain.bls.BlsPublicKey;

import java.util.List;

/**
 * A committee member as the chain lists it: node ID, name, network address ({@code host:port}, as
 * in Walrus's {@code StorageNodeInfo}), BLS public key and the shards it holds in the epoch.
 */
public record StorageNodeInfo(ObjectId nodeId, String name, String networkAddress, BlsPublicKey publicKey,
                              List<Integer> shards) {

    public StorageNodeInfo {
        if (nodeId == null || publicKey == null) {
            throw new IllegalArgumentException("storage node needs a node ID and a public key");
        }
        if (networkAddress == null || networkAddress.isBlank()) {
            throw new IllegalArgumentException("storage node " + nodeId + " has no network address");
        }
        name = name == null ? "" : name;
        shards = List.copyOf(shards);
    }

    /** Number of shards held: the member's weight in certificates. */
    public int weight() {
        return shards.size();
    }
}
