package dev.walrusstream.devnet.ledger;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.chain.bls.BlsSignature;
import dev.walrusstream.devnet.ledger.LedgerGenesis;
import dev.walrusstream.codec.hash.Blake2b256;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Deterministic committees with real BLS keys for chain tests. */
public final class TestCommittees {
    private TestCommittees() {
    }

    public static ObjectId id(String seed) {
        Blake2b256 h = new Blake2b256();
        h.update(seed.getBytes(StandardCharsets.UTF_8));
        return ObjectId.of(h.finish());
    }

    public static SuiAddress address(String seed) {
        return SuiAddress.of(id("address " + seed).bytes());
    }

    public static BlsKeyPair key(int i) {
        byte[] secret = id("bls key " + i).bytes();
        secret[0] &= 0x0f; // below the group order
        return BlsKeyPair.fromSecretBytes(secret);
    }

    /** Genesis for {@code members} nodes over {@code nShards} shards, one funded account. */
    public static LedgerGenesis genesis(int nShards, int members, SuiAddress account, long funds) {
        List<List<Integer>> shards = LedgerGenesis.balancedShards(nShards, members);
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ids.add(id("node " + i));
        }
        ids.sort(Comparator.naturalOrder());
        List<StorageNodeInfo> infos = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            infos.add(new StorageNodeInfo(ids.get(i), "node-" + i, "127.0.0.1:" + (20000 + i), key(i).publicKey(),
                    shards.get(i)));
        }
        return new LedgerGenesis("test-chain", nShards, infos, 100_000, 20_000, 10, 1L << 40, 1, 0,
                Map.of(account, funds));
    }

    /** Signatures of the given members (by committee index) over {@code message}; keys follow member order. */
    public static Map<Integer, BlsSignature> sign(Committee committee, List<Integer> members, byte[] message) {
        Map<Integer, BlsSignature> out = new HashMap<>();
        for (int i : members) {
            out.put(i, keyOf(committee, i).sign(message));
        }
        return out;
    }

    /** The key pair of committee member {@code index} (members were built from keys 0..k−1 in node-ID order). */
    public static BlsKeyPair keyOf(Committee committee, int index) {
        for (int i = 0; i < committee.size(); i++) {
            if (key(i).publicKey().equals(committee.member(index).publicKey())) {
                return key(i);
            }
        }
        throw new IllegalArgumentException("no key for member " + index);
    }
}
