package dev.walrusstream.codec.internal;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.hash.MerkleHasher;
import dev.walrusstream.codec.hash.MerkleTree;
import dev.walrusstream.codec.rs.GfEngine;
import dev.walrusstream.codec.rs.ReedSolomonCode;
import dev.walrusstream.codec.rs.ShardBuffer;

import java.util.List;

/**
 * The Merkle roots of slivers (what the metadata lists as their hashes) without building their full
 * codewords: the systematic leaves are hashed straight from the sliver bytes; the parity symbols come
 * from extending a cache-sized batch of slivers in a reused work area ({@link WorkAreas}, sized by
 * {@link Batches#symbolsPerShard}, as the encoder does), are copied out to a per-thread scratch
 * array and hashed there; each root is built from a reused leaf buffer. Nothing of n·S bytes is
 * allocated per sliver: memory is one work area, one batch of parity symbols and its leaf hashes.
 * The roots are the bytes {@link SliverExpander#root} gives for {@link SliverExpander#expand}'s
 * codewords.
 */
public final class SliverRoots {
    private static final int H = MerkleTree.NODE;
    private static final ThreadLocal<byte[]> LEAVES = ThreadLocal.withInitial(() -> new byte[0]);

    private final GfEngine engine;
    private final RedStuffParams params;
    private final int s;

    public SliverRoots(GfEngine engine, RedStuffParams params, int symbolSize) {
        this.engine = engine;
        this.params = params;
        this.s = symbolSize;
    }

    /**
     * Roots of slivers of one type (each {@code symbolsPerSliver(type)·S} bytes, shapes already
     * checked), 32 bytes each, back to back in the order given.
     */
    public byte[] roots(SliverType type, List<byte[]> slivers) {
        int count = slivers.size();
        byte[] roots = new byte[count * H];
        if (count == 0) {
            return roots;
        }
        ReedSolomonCode code = type == SliverType.PRIMARY ? params.secondaryCode() : params.primaryCode();
        int n = params.nShards();
        int k = params.symbolsPerSliver(type);
        int workCount = code.encodeWorkCount();
        int m = Batches.symbolsPerShard(workCount, s, count);
        MerkleHasher hasher = MerkleHasher.create();
        for (int j0 = 0; j0 < count; j0 += m) {
            int batch = Math.min(m, count - j0);
            ShardBuffer work = WorkAreas.get(workCount, s, batch);
            for (int i = 0; i < k; i++) {
                for (int q = 0; q < batch; q++) {
                    work.putSymbol(i, q, slivers.get(j0 + q), i * s);
                }
            }
            code.encode(engine, work);
            // Parity symbol i of sliver q goes to parity[(i·batch + q)·S]: one copy per work shard,
            // then each sliver's n − k parity leaves are hashed in one call (the hasher's lanes full).
            int rows = n - k;
            byte[] parity = Scratch.bytes(rows * batch * s);
            for (int i = 0; i < rows; i++) {
                work.getSymbols(i, 0, parity, i * batch * s, batch);
            }
            byte[] leaves = leafBuffer(n * H);
            for (int q = 0; q < batch; q++) {
                hasher.leaves(slivers.get(j0 + q), 0, s, s, k, leaves, 0, H);
                hasher.leaves(parity, q * s, batch * s, s, rows, leaves, k * H, H);
                hasher.root(leaves, 0, H, n, roots, (j0 + q) * H);
            }
        }
        return roots;
    }

    private static byte[] leafBuffer(int length) {
        byte[] b = LEAVES.get();
        if (b.length < length) {
            b = new byte[length];
            LEAVES.set(b);
        }
        return b;
    }
}
