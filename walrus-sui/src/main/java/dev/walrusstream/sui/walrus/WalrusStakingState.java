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
 * by node ID), then {@code next_epoch_params} (skipped) and the {@code epoch_state}
 * ({@code EpochChangeSync(u16 weight)} 0, {@code EpochChangeDone(u64 ms)} 1,
 * {@code NextParamsSelected(u64 ms)} 2, which is done as far as shards go). Later fields are not read.
 */
public record WalrusStakingState(int nShards, long epochDurationMillis, long firstEpochStartMillis, ObjectId poolsTable,
                                 long epoch, Optional<Map<ObjectId, List<Integer>>> nextCommittee,
                                 Map<ObjectId, List<Integer>> committee, Map<ObjectId, List<Integer>> previousCommittee,
                                 dev.walrusstream.chain.EpochState epochState) {
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
        at = r.position();
        int paramsTag = r.u8();
        if (paramsTag > 1) {
            throw new BcsException("StakingInnerV1.next_epoch_params has invalid Option tag " + paramsTag + " at offset " + at);
        }
        if (paramsTag == 1) {
            r.u64(); // EpochParams { total_capacity_size, storage_price_per_unit_size, write_price_per_unit_size }
            r.u64();
            r.u64();
        }
        at = r.position();
        int stateTag = r.uleb128();
        int e = (int) Math.min(epoch, Integer.MAX_VALUE);
        dev.walrusstream.chain.EpochState state = switch (stateTag) {
            case 0 -> dev.walrusstream.chain.EpochState.syncing(e, r.u16(), 0);
            case 1, 2 -> dev.walrusstream.chain.EpochState.done(e, r.u64());
            default -> throw new BcsException("StakingInnerV1.epoch_state has unknown variant " + stateTag + " at offset "
                    + at + " (0 EpochChangeSync, 1 EpochChangeDone, 2 NextParamsSelected)");
        };
        return new WalrusStakingState(nShards, epochDuration, firstStart, pools, epoch, next, current, previous, state);
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
