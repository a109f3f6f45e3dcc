package dev.walrusstream.devnet.ledger;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.StorageNodeInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a LocalChain starts: its ID, the storage committee (members with keys, addresses and shards),
 * prices in FROST per MiB unit, the epoch limits, total capacity and the funded accounts.
 * {@code epochDurationMillis} = 0 means epochs only change when asked to.
 */
public record LedgerGenesis(String chainId, int nShards, List<StorageNodeInfo> members, long storagePricePerUnitSize,
                                long writePricePerUnitSize, int maxEpochsAhead, long totalCapacity, int initialEpoch,
                                long epochDurationMillis, Map<SuiAddress, Long> accounts) {
    /** Defaults: WAL amounts of the same order as Walrus testnet, 1 TiB of capacity, 53 epochs ahead (mainnet's). */
    public static final long DEFAULT_STORAGE_PRICE = 100_000;
    public static final long DEFAULT_WRITE_PRICE = 20_000;
    public static final int DEFAULT_MAX_EPOCHS_AHEAD = 53;
    public static final long DEFAULT_CAPACITY = 1L << 40;
    /** 1,000,000 WAL in FROST. */
    public static final long DEFAULT_ACCOUNT_FUNDS = 1_000_000L * 1_000_000_000L;

    public LedgerGenesis {
        if (chainId == null || chainId.isBlank()) {
            throw new IllegalArgumentException("genesis needs a chain ID");
        }
        members = new ArrayList<>(members);
        members.sort(Comparator.comparing(StorageNodeInfo::nodeId));
        members = List.copyOf(members);
        new Committee(initialEpoch, nShards, members); // validates shard assignment
        if (storagePricePerUnitSize < 0 || writePricePerUnitSize < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
        if (maxEpochsAhead < 1) {
            throw new IllegalArgumentException("max epochs ahead must be at least 1, got " + maxEpochsAhead);
        }
        if (totalCapacity <= 0 || initialEpoch < 0 || epochDurationMillis < 0) {
            throw new IllegalArgumentException("capacity must be positive, initial epoch and epoch duration not negative");
        }
        accounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    }

    public Committee committee(int epoch) {
        return new Committee(epoch, nShards, members);
    }

    /**
     * Shards split into contiguous, balanced ranges over the members in node-ID order (what equal
     * stakes give in Walrus): member i of k gets ⌊n/k⌋ or ⌈n/k⌉ shards.
     */
    public static List<List<Integer>> balancedShards(int nShards, int members) {
        return Committee.balancedShards(nShards, members);
    }
}
