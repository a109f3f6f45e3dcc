package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.ids.ObjectId;

import java.util.ArrayList;
import java.util.List;

/**
 * The leading fields of {@code SystemStateInnerV1}: the BLS committee of the current epoch,
 * capacity, prices and {@code max_epochs_ahead} (the length of the future accounting ring).
 * Decoded from the contents of the dynamic field object {@code Field<u64, SystemStateInnerV1>} =
 * {id, name: u64, value}; later fields are not read. Member keys are on-chain
 * {@code Element<UncompressedG1>} bytes (96 bytes).
 */
public record WalrusSystemState(long epoch, int nShards, List<Member> members, long totalCapacitySize,
                                long usedCapacitySize, StoragePrices prices, int maxEpochsAhead) {
    /** Largest committee accepted when decoding (Walrus runs around 100 nodes). */
    public static final int MAX_MEMBERS = 10_000;
    /** Walrus's {@code MAX_MAX_EPOCHS_AHEAD}. */
    public static final int MAX_EPOCHS_AHEAD_LIMIT = 1000;

    /** A committee member in {@code BlsCommittee.members} order (= signers bitmap order). */
    public record Member(byte[] publicKey, int weight, ObjectId nodeId) {
        public Member {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    public WalrusSystemState {
        members = List.copyOf(members);
    }

    /** Without the epoch limit (0: unknown). */
    public WalrusSystemState(long epoch, int nShards, List<Member> members, long totalCapacitySize,
                             long usedCapacitySize, StoragePrices prices) {
        this(epoch, nShards, members, totalCapacitySize, usedCapacitySize, prices, 0);
    }

    public static WalrusSystemState fromFieldContents(byte[] contents) {
        BcsReader r = new BcsReader(contents);
        r.fixedBytes(32); // field object UID
        r.u64(); // key = System.version
        int at = r.position();
        int count = r.uleb128();
        if (count > MAX_MEMBERS) {
            throw new BcsException("committee of " + count + " members at offset " + at + " exceeds " + MAX_MEMBERS);
        }
        List<Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = r.bytes(); // Element<UncompressedG1> { bytes }
            int weight = r.u16();
            members.add(new Member(key, weight, ObjectId.of(r.fixedBytes(32))));
        }
        int nShards = r.u16();
        long epoch = r.u32();
        r.bytes(); // total_aggregated_key: Element<G1>
        long total = r.u64();
        long used = r.u64();
        long storagePrice = r.u64();
        long writePrice = r.u64();
        // future_accounting: FutureAccountingRingBuffer { current_index: u32, length: u32, ring_buffer }; its
        // length is max_epochs_ahead
        int maxEpochsAhead = 0;
        if (r.remaining() >= 8) {
            r.u32();
            long length = r.u32();
            if (length > MAX_EPOCHS_AHEAD_LIMIT) {
                throw new BcsException("future accounting ring of " + length + " epochs exceeds Walrus's limit of "
                        + MAX_EPOCHS_AHEAD_LIMIT);
            }
            maxEpochsAhead = (int) length;
        }
        return new WalrusSystemState(epoch, nShards, members, total, used, new StoragePrices(storagePrice, writePrice),
                maxEpochsAhead);
    }

    /** Shards held by the members at these indices (certify needs 3·w ≥ 2·n + 1). */
    public int weightOf(List<Integer> memberIndices) {
        int w = 0;
        for (int i : memberIndices) {
            w += members.get(i).weight();
        }
        return w;
    }
}
