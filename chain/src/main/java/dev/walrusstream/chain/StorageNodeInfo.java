package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.walrusstream.chain.bls.BlsPublicKey;

import java.util.HexFormat;
import java.util.List;

/**
 * A committee member as the chain lists it: node ID, name, network address ({@code host:port}, as
 * in Walrus's {@code StorageNodeInfo}), BLS public key, the shards it holds in the epoch, and the
 * TLS network public key (hex of the 33-byte compressed P-256 key Walrus nodes publish; null for
 * nodes that serve plain HTTP, as this project's local nodes do).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageNodeInfo(ObjectId nodeId, String name, String networkAddress, BlsPublicKey publicKey,
                              List<Integer> shards, String networkPublicKey) {

    public StorageNodeInfo {
        if (nodeId == null || publicKey == null) {
            throw new IllegalArgumentException("storage node needs a node ID and a public key");
        }
        if (networkAddress == null || networkAddress.isBlank()) {
            throw new IllegalArgumentException("storage node " + nodeId + " has no network address");
        }
        name = name == null ? "" : name;
        shards = List.copyOf(shards);
        if (networkPublicKey != null) {
            networkPublicKey = networkPublicKey.toLowerCase(java.util.Locale.ROOT);
            if (networkPublicKey.isEmpty()) {
                networkPublicKey = null;
            } else {
                try {
                    HexFormat.of().parseHex(networkPublicKey);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("storage node " + nodeId + " network public key is not hex: "
                            + networkPublicKey, e);
                }
            }
        }
    }

    /** A node without a TLS network key (plain HTTP). */
    public StorageNodeInfo(ObjectId nodeId, String name, String networkAddress, BlsPublicKey publicKey,
                           List<Integer> shards) {
        this(nodeId, name, networkAddress, publicKey, shards, null);
    }

    /** Number of shards held: the member's weight in certificates. */
    public int weight() {
        return shards.size();
    }

    /** True when the node publishes a TLS key: it serves HTTPS and its certificate is checked against the key. */
    public boolean servesTls() {
        return networkPublicKey != null;
    }

    /** The network key's bytes, or null. */
    public byte[] networkPublicKeyBytes() {
        return networkPublicKey == null ? null : HexFormat.of().parseHex(networkPublicKey);
    }
}
