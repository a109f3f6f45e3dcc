package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.sui.DynamicFieldId;
import dev.walrusstream.codec.ids.ObjectId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The leading fields of {@code StakingInnerV1}, read from the dynamic field
 * {@code Field<u64, StakingInnerV1>} of the shared {@code Staking} object (keyed by its version):
 * shard count, epoch timing, the pools table, the Walrus epoch and the shard assignment of the
 * next, current and previous committee ({@code Committee = VecMap<node ID, vector<u16>>}, sorted
 * by node ID). Later fields are not read.
 */
public record WalrusStakingState(int nShards, long epochDurationMillis, long firstEpochStartMillis, ObjectId poolsTable,
                                 long epoch, Optional<Map<ObjectId, List<Integer>>> nextCommittee,
                                 Map<ObjectId, List<Integer>> committee, Map<ObjectId, List<Integer>> previousCommittee) {
    /** Largest committee accepted when decoding. */
    public static final int MAX_MEMBERS = 10_000;

    public WalrusStakingState {
        nextCommittee = nextCommittee.map(WalrusStakingState::frozen);
        committee = frozen(committee);
        previousCommittee = frozen(previousCommittee);
    }

    /** The shared {@code Staking} object {@code {id, version, package_id, new_package_id}}: the ID of its inner field. */
    public static ObjectId innerStateFieldId(byte[] stakingContents) {
        BcsReader r = new BcsReader(stakingContents);
        ObjectId id = ObjectId.of(r.fixedBytes(32));
        long version = r.u64();
        return DynamicFieldId.ofU64(id, version);
    }

    public static WalrusStakingState fromFieldContents(byte[] contents) {
        BcsReader r = new BcsReader(contents);
        r.fixedBytes(32); // field object UID
        r.u64(); // key = Staking.version
        int nShards = r.u16();
        long epochDuration = r.u64();
        long firstStart = r.u64();
        ObjectId pools = ObjectId.of(r.fixedBytes(32)); // ObjectTable { id, size }
        r.u64();
        long epoch = r.u32();
        r.fixedBytes(32); // active_set: ExtendedField { id }
        int at = r.position();
        int tag = r.u8();
        if (tag > 1) {
            throw new BcsException("StakingInnerV1.next_committee has invalid Option tag " + tag + " at offset " + at);
        }
        Optional<Map<ObjectId, List<Integer>>> next = tag == 1 ? Optional.of(committee(r, nShards)) : Optional.empty();
        Map<ObjectId, List<Integer>> current = committee(r, nShards);
        Map<ObjectId, List<Integer>> previous = committee(r, nShards);
        return new WalrusStakingState(nShards, epochDuration, firstStart, pools, epoch, next, current, previous);
    }

    private static Map<ObjectId, List<Integer>> committee(BcsReader r, int nShards) {
        int at = r.position();
        int count = r.uleb128();
        if (count > MAX_MEMBERS) {
            throw new BcsException("committee of " + count + " members at offset " + at + " exceeds " + MAX_MEMBERS);
        }
        Map<ObjectId, List<Integer>> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ObjectId node = ObjectId.of(r.fixedBytes(32));
            int shardsAt = r.position();
            int n = r.uleb128();
            if (n > nShards) {
                throw new BcsException("node " + node + " holds " + n + " shards at offset " + shardsAt + ", more than the "
                        + nShards + " there are");
            }
            List<Integer> shards = new ArrayList<>(n);
            for (int s = 0; s < n; s++) {
                shards.add(r.u16());
            }
            out.put(node, List.copyOf(shards));
        }
        return out;
    }

    private static Map<ObjectId, List<Integer>> frozen(Map<ObjectId, List<Integer>> m) {
        Map<ObjectId, List<Integer>> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }
}
