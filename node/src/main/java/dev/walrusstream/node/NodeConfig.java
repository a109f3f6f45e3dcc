package dev.walrusstream.node;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.bls.BlsKeyPair;

import java.nio.file.Path;

/**
 * What one storage node needs: its name and node ID (as registered in the committee), its BLS key,
 * where RocksDB lives, the address to listen on ({@code port} 0 picks a free port) and its limits.
 */
public record NodeConfig(String name, ObjectId nodeId, BlsKeyPair keyPair, Path dataDir, String host, int port,
                         NodeLimits limits) {
    public NodeConfig {
        if (nodeId == null || keyPair == null || dataDir == null) {
            throw new IllegalArgumentException("node config needs a node ID, a BLS key and a data directory");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        name = name == null ? nodeId.hex() : name;
        host = host == null ? "127.0.0.1" : host;
        limits = limits == null ? NodeLimits.DEFAULTS : limits;
    }

    public NodeConfig withPort(int newPort) {
        return new NodeConfig(name, nodeId, keyPair, dataDir, host, newPort, limits);
    }

    public NodeConfig withLimits(NodeLimits newLimits) {
        return new NodeConfig(name, nodeId, keyPair, dataDir, host, port, newLimits);
    }
}
