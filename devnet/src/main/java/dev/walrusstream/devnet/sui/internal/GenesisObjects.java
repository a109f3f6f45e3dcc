package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.devnet.ledger.LedgerGenesis;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.devnet.sui.LocalSuiOptions;
import dev.walrusstream.sui.rpc.Owner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects a local Sui ledger starts with, all derived from LocalChain's genesis: System and
 * Staking (shared) with their inner-state fields, one StakingPool per storage node, and for each
 * funded account its WAL (the genesis balance, split into coins) and SUI for gas.
 */
public final class GenesisObjects {
    private GenesisObjects() {
    }

    public static SuiDigest genesisDigest(LocalSuiIds ids) {
        return SuiDigest.of(LocalSuiIds.derive(ids.chainId(), "genesis transaction").bytes());
    }

    public static List<StoredObject> of(LocalSuiIds ids, LedgerGenesis genesis, LocalSuiOptions options,
                                        long genesisMillis) {
        return of(ids, genesis, options, genesisMillis, Map.of());
    }

    /**
     * As {@link #of(LocalSuiIds, LedgerGenesis, LocalSuiOptions, long)}, plus Sui's shared Clock and, for each
     * genesis member with an operator in {@code operators}, its {@code StorageNodeCap} owned by that address
     * (what Walrus's {@code register_candidate} hands the operator).
     */
    public static List<StoredObject> of(LocalSuiIds ids, LedgerGenesis genesis, LocalSuiOptions options,
                                        long genesisMillis, Map<ObjectId, SuiAddress> operators) {
        SuiDigest tx = genesisDigest(ids);
        Committee committee = genesis.committee(genesis.initialEpoch());
        ChainInfo info = new ChainInfo("sui", "", genesis.chainId(), genesis.nShards(), genesis.initialEpoch(),
                genesis.storagePricePerUnitSize(), genesis.writePricePerUnitSize(), genesis.maxEpochsAhead());
        List<StoredObject> out = new ArrayList<>();
        Owner shared = new Owner.Shared(LocalSuiIds.INITIAL_SHARED_VERSION);
        out.add(object(ids.systemObject(), shared, WalrusObjects.systemType(ids),
                WalrusObjects.versioned(ids.systemObject(), ids.currentPackage()), tx));
        out.add(object(ids.stakingObject(), shared, WalrusObjects.stakingType(ids),
                WalrusObjects.versioned(ids.stakingObject(), ids.currentPackage()), tx));
        out.add(object(ids.systemInnerField(), new Owner.ObjectOwner(ids.systemObject()),
                WalrusObjects.systemInnerType(ids), WalrusObjects.systemInner(ids, committee, info,
                        genesis.totalCapacity(), 0), tx));
        out.add(object(ids.stakingInnerField(), new Owner.ObjectOwner(ids.stakingObject()),
                WalrusObjects.stakingInnerType(ids), WalrusObjects.stakingInner(ids, committee,
                        genesis.epochDurationMillis(), genesisMillis), tx));
        for (StorageNodeInfo node : committee.members()) {
            out.add(object(node.nodeId(), new Owner.ObjectOwner(ids.poolsTable()),
                    WalrusObjects.poolType(ids), WalrusObjects.pool(ids, node, info, genesis.initialEpoch()), tx));
            SuiAddress operator = operators.get(node.nodeId());
            if (operator != null) {
                ObjectId cap = NodeCaps.capId(ids, node.nodeId());
                out.add(object(cap, new Owner.AddressOwner(operator), NodeCaps.capType(ids),
                        NodeCaps.contents(cap, node.nodeId(), 0), tx));
            }
        }
        out.add(object(NodeCaps.CLOCK, new Owner.Shared(1), NodeCaps.CLOCK_TYPE, NodeCaps.clock(genesisMillis), tx));
        String wal = StoredObject.COIN_PREFIX + ids.walCoinType() + ">";
        String sui = StoredObject.COIN_PREFIX + LocalSuiConstants.SUI_COIN_TYPE + ">";
        for (Map.Entry<SuiAddress, Long> account : genesis.accounts().entrySet()) {
            SuiAddress owner = account.getKey();
            long total = account.getValue();
            int n = options.walCoinsPerAccount();
            for (int i = 0; i < n; i++) {
                long amount = total / n + (i == 0 ? total % n : 0);
                ObjectId id = LocalSuiIds.derive(ids.chainId(), "genesis WAL " + owner + " " + i);
                out.add(object(id, new Owner.AddressOwner(owner), wal, StoredObject.coinContents(id, amount), tx));
            }
            for (int i = 0; i < options.suiCoinsPerAccount(); i++) {
                ObjectId id = LocalSuiIds.derive(ids.chainId(), "genesis SUI " + owner + " " + i);
                out.add(object(id, new Owner.AddressOwner(owner), sui, StoredObject.coinContents(id,
                        options.suiPerCoin()), tx));
            }
        }
        return out;
    }

    private static StoredObject object(ObjectId id, Owner owner, String type, byte[] contents, SuiDigest tx) {
        return StoredObject.of(id, 1, owner, type, contents, GasSchedule.storageCost(contents.length), tx);
    }
}
