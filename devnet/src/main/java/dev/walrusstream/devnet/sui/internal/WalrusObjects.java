package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.Bls;
import dev.walrusstream.chain.bls.BlsPublicKey;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.sui.walrus.PlainHttpNetworkKey;

import java.util.ArrayList;
import java.util.List;

/**
 * The BCS of Walrus's shared objects as the contract lays them out (contracts/walrus/sources, see
 * docs/protocol/sui-spec.md §5), written from LocalChain's state: {@code System} and {@code Staking}, their inner
 * state in {@code Field<u64, SystemStateInnerV1>} / {@code Field<u64, StakingInnerV1>}, and one
 * {@code StakingPool} per storage node carrying its {@code StorageNodeInfo}.
 */
public final class WalrusObjects {
    private WalrusObjects() {
    }

    public static String systemType(LocalSuiIds ids) {
        return ids.walrusType("system", "System");
    }

    public static String stakingType(LocalSuiIds ids) {
        return ids.walrusType("staking", "Staking");
    }

    public static String systemInnerType(LocalSuiIds ids) {
        return "0x0000000000000000000000000000000000000000000000000000000000000002::dynamic_field::Field<u64, "
                + ids.walrusType("system_state_inner", "SystemStateInnerV1") + ">";
    }

    public static String stakingInnerType(LocalSuiIds ids) {
        return "0x0000000000000000000000000000000000000000000000000000000000000002::dynamic_field::Field<u64, "
                + ids.walrusType("staking_inner", "StakingInnerV1") + ">";
    }

    public static String poolType(LocalSuiIds ids) {
        return ids.walrusType("staking_pool", "StakingPool");
    }

    public static String blobType(LocalSuiIds ids) {
        return ids.walrusType("blob", "Blob");
    }

    public static String storageType(LocalSuiIds ids) {
        return ids.walrusType("storage_resource", "Storage");
    }

    /** {@code System { id, version, package_id, new_package_id: None }} (and the same shape for Staking). */
    public static byte[] versioned(ObjectId id, ObjectId currentPackage) {
        return new BcsWriter(80).fixedBytes(id.bytes()).u64(LocalSuiIds.INNER_VERSION).fixedBytes(currentPackage.bytes())
                .u8(0).toByteArray();
    }

    /**
     * {@code Field<u64, SystemStateInnerV1>}: the BLS committee (members in node-ID order with
     * uncompressed keys, weight = shards held), capacity, prices, the future-accounting ring
     * ({@code max_epochs_ahead} entries), an empty event-blob state and the deny-list field.
     */
    public static byte[] systemInner(LocalSuiIds ids, Committee committee, ChainInfo info, long totalCapacity,
                                     long usedCapacity) {
        BcsWriter w = new BcsWriter(1024).fixedBytes(ids.systemInnerField().bytes()).u64(LocalSuiIds.INNER_VERSION);
        w.uleb128(committee.size());
        List<BlsPublicKey> keys = new ArrayList<>();
        for (StorageNodeInfo m : committee.members()) {
            w.bytes(m.publicKey().uncompressedBytes()).u16(m.weight()).fixedBytes(m.nodeId().bytes());
            keys.add(m.publicKey());
        }
        w.u16(committee.nShards()).u32(committee.epoch()).bytes(Bls.aggregateKeys(keys).bytes());
        w.u64(totalCapacity).u64(usedCapacity).u64(info.storagePricePerUnitSize()).u64(info.writePricePerUnitSize());
        int ahead = info.maxEpochsAhead();
        w.u32(0).u32(ahead).uleb128(ahead);
        for (int i = 0; i < ahead; i++) {
            w.u32((long) committee.epoch() + i).u64(i == 0 ? usedCapacity : 0).u64(0);
        }
        w.u8(0).uleb128(0); // event_blob_certification_state: no certified event blob, no attestations
        w.fixedBytes(LocalSuiIds.derive(ids.chainId(), "deny list sizes").bytes());
        return w.toByteArray();
    }

    /**
     * {@code Field<u64, StakingInnerV1>}: shard count, epoch timing, the pools table, the epoch, no
     * next committee, the current and previous shard assignment (the current one again in the first
     * epoch), no next-epoch parameters, and the epoch state: {@code EpochChangeSync(weight)} while
     * members sync, {@code EpochChangeDone(timestamp)} after.
     */
    public static byte[] stakingInner(LocalSuiIds ids, Committee committee, Committee previous, EpochState state,
                                      long epochDurationMillis, long epochStartMillis) {
        BcsWriter w = new BcsWriter(512).fixedBytes(ids.stakingInnerField().bytes()).u64(LocalSuiIds.INNER_VERSION);
        w.u16(committee.nShards()).u64(epochDurationMillis).u64(epochStartMillis);
        w.fixedBytes(ids.poolsTable().bytes()).u64(committee.size());
        w.u32(committee.epoch());
        w.fixedBytes(LocalSuiIds.derive(ids.chainId(), "active set").bytes());
        w.u8(0);
        shardAssignment(w, committee);
        shardAssignment(w, previous == null ? committee : previous);
        w.u8(0); // next_epoch_params: None
        if (state != null && state.isSyncing()) {
            w.uleb128(0).u16(state.syncedWeight()); // EpochState::EpochChangeSync(weight)
        } else {
            w.uleb128(1).u64(state == null || state.changedAtMillis() == 0 ? epochStartMillis
                    : state.changedAtMillis()); // EpochState::EpochChangeDone(timestamp)
        }
        w.fixedBytes(LocalSuiIds.derive(ids.chainId(), "next epoch public keys").bytes());
        return w.toByteArray();
    }

    /** As Walrus's genesis leaves it: the current committee, done. */
    public static byte[] stakingInner(LocalSuiIds ids, Committee committee, long epochDurationMillis,
                                      long epochStartMillis) {
        return stakingInner(ids, committee, null, null, epochDurationMillis, epochStartMillis);
    }

    private static void shardAssignment(BcsWriter w, Committee committee) {
        w.uleb128(committee.size());
        for (StorageNodeInfo m : committee.members()) {
            w.fixedBytes(m.nodeId().bytes()).uleb128(m.shards().size());
            m.shards().forEach(w::u16);
        }
    }

    /**
     * A {@code StakingPool} (ID = node ID) with the node's {@code StorageNodeInfo}: name, address,
     * uncompressed BLS key; the 33-byte network key the contract requires (the node's TLS key when it serves
     * HTTPS, else {@link PlainHttpNetworkKey}); staking figures zero.
     */
    /** The node's network key: its TLS key (33-byte compressed P-256) or the plain-HTTP marker key. */
    static byte[] networkKey(StorageNodeInfo node) {
        if (!node.servesTls()) {
            return PlainHttpNetworkKey.of(node.nodeId());
        }
        byte[] key = node.networkPublicKeyBytes();
        if (key.length != PlainHttpNetworkKey.LENGTH) {
            throw new IllegalArgumentException("node " + node.nodeId() + " has a " + key.length + "-byte network key; "
                    + "Walrus requires a " + PlainHttpNetworkKey.LENGTH + "-byte compressed P-256 key");
        }
        return key;
    }

    public static byte[] pool(LocalSuiIds ids, StorageNodeInfo node, ChainInfo info, long epoch) {
        ObjectId nodeId = node.nodeId();
        BcsWriter w = new BcsWriter(512).fixedBytes(nodeId.bytes());
        w.uleb128(0); // PoolState::Active
        w.u64(info.storagePricePerUnitSize()).u64(info.writePricePerUnitSize()).u64(0); // voting_params
        w.string(node.name()).fixedBytes(nodeId.bytes()).string(node.networkAddress())
                .bytes(node.publicKey().uncompressedBytes()).u8(0).bytes(networkKey(node))
                .fixedBytes(LocalSuiIds.derive(ids.chainId(), "metadata " + nodeId).bytes());
        w.u32(0).u32(epoch).u64(0).u64(0); // activation_epoch, latest_epoch, wal_balance, num_shares
        w.uleb128(0).uleb128(0).uleb128(0); // pending withdrawals, pre-active withdrawals, pending commission
        w.u16(0); // commission_rate
        w.fixedBytes(LocalSuiIds.derive(ids.chainId(), "exchange rates " + nodeId).bytes()).u64(0);
        w.uleb128(0).u64(0).u64(0); // pending_stake, rewards_pool, commission
        w.uleb128(0).fixedBytes(nodeId.bytes()); // commission_receiver: Authorized::Address
        w.uleb128(0).fixedBytes(nodeId.bytes()); // governance_authorized
        w.fixedBytes(LocalSuiIds.derive(ids.chainId(), "extra fields " + nodeId).bytes()).u64(0);
        return w.toByteArray();
    }
}
