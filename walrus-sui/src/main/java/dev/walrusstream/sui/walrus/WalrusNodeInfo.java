package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.ids.ObjectId;

import java.util.Optional;

/**
 * A storage node's contact data as Walrus keeps it on chain ({@code StorageNodeInfo}, inside the
 * node's {@code StakingPool} object, whose ID is the node ID): name, node ID, network address
 * ({@code host:port}), BLS public key (on-chain {@code Element<UncompressedG1>} bytes), the key for
 * the next epoch, and the TLS network public key.
 */
public record WalrusNodeInfo(String name, ObjectId nodeId, String networkAddress, byte[] publicKey,
                             Optional<byte[]> nextEpochPublicKey, byte[] networkPublicKey) {
    /** Longest name or address accepted when decoding. */
    public static final int MAX_TEXT_BYTES = 4096;

    public WalrusNodeInfo {
        publicKey = publicKey.clone();
        nextEpochPublicKey = nextEpochPublicKey.map(byte[]::clone);
        networkPublicKey = networkPublicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] networkPublicKey() {
        return networkPublicKey.clone();
    }

    /**
     * Decodes the leading fields of a {@code StakingPool} object's contents: {@code id}, {@code state}
     * (enum Active | Withdrawing(u32) | Withdrawn), {@code voting_params} (three u64) and
     * {@code node_info}.
     */
    public static WalrusNodeInfo fromPoolContents(byte[] contents) {
        BcsReader r = new BcsReader(contents);
        ObjectId poolId = ObjectId.of(r.fixedBytes(32));
        int at = r.position();
        int state = r.uleb128();
        if (state == 1) {
            r.u32();
        } else if (state > 2) {
            throw new BcsException("StakingPool " + poolId + " has unknown state variant " + state + " at offset " + at);
        }
        r.u64();
        r.u64();
        r.u64();
        String name = text(r, "name");
        ObjectId nodeId = ObjectId.of(r.fixedBytes(32));
        String address = text(r, "network_address");
        byte[] key = r.bytes();
        int optAt = r.position();
        int tag = r.u8();
        if (tag > 1) {
            throw new BcsException("next_epoch_public_key has invalid Option tag " + tag + " at offset " + optAt);
        }
        Optional<byte[]> next = tag == 1 ? Optional.of(r.bytes()) : Optional.empty();
        byte[] networkKey = r.bytes();
        return new WalrusNodeInfo(name, nodeId, address, key, next, networkKey);
    }

    private static String text(BcsReader r, String field) {
        int at = r.position();
        String s = r.string();
        if (s.length() > MAX_TEXT_BYTES) {
            throw new BcsException("StorageNodeInfo." + field + " at offset " + at + " is longer than " + MAX_TEXT_BYTES);
        }
        return s;
    }
}
