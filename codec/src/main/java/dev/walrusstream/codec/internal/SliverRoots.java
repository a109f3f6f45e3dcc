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
 * from extending a cache-sized batch of slivers in a work area (sized by {@link Batches#symbolsPerShard},
 * as the encoder's), are copied out to a scratch array and hashed there; each root is built from one
 * leaf buffer. Nothing of n·S bytes is allocated per sliver: memory is one work area, one batch of
 * parity symbols and n leaf hashes, borrowed from a small shared pool ({@link RootsScratch}) for the
 * length of one {@link #roots} call (storage nodes verify on many request threads; per-thread caches
 * would stay on every one of them).
 * The roots are the bytes {@link SliverExpander#root} gives for {@link SliverExpander#expand}'s
 * codewords. Not thread-safe: one instance per call.
 */
public final class SliverRoots {
    private static final int H = MerkleTree.NODE;

    private final GfEngine engine;
    private final RedStuffParams params;
    private final int s;
    private final MerkleHasher hasher = MerkleHasher.create();

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
        return roots(type, slivers, new int[slivers.size()]);
    }

    /**
     * Roots of slivers of one type whose symbols start at {@code offsets[j]} of {@code slivers.get(j)}
     * (say inside the request bodies that carried them), 32 bytes each, in the order given.
     */
    public byte[] roots(SliverType type, List<byte[]> slivers, int[] offsets) {
        int count = slivers.size();
        if (offsets.length != count) {
            throw new IllegalArgumentException(count + " slivers but " + offsets.length + " offsets");
        }
        byte[] roots = new byte[count * H];
        if (count == 0) {
            return roots;
        }
        RootsScratch scratch = RootsScratch.take();
        try {
            rootsInto(type, slivers, offsets, scratch, roots);
        } finally {
            RootsScratch.give(scratch);
        }
        return roots;
    }

    private void rootsInto(SliverType type, List<byte[]> slivers, int[] offsets, RootsScratch scratch, byte[] roots) {
        int count = slivers.size();
        ReedSolomonCode code = type == SliverType.PRIMARY ? params.secondaryCode() : params.primaryCode();
        int n = params.nShards();
        int k = params.symbolsPerSliver(type);
        int workCount = code.encodeWorkCount();
        int m = Batches.symbolsPerShard(workCount, s, count);
        for (int j0 = 0; j0 < count; j0 += m) {
            int batch = Math.min(m, count - j0);
            ShardBuffer area = scratch.work(workCount, s, batch);
            for (int i = 0; i < k; i++) {
                for (int q = 0; q < batch; q++) {
                    area.putSymbol(i, q, slivers.get(j0 + q), offsets[j0 + q] + i * s);
                }
            }
            code.encode(engine, area);
            // Parity symbol i of sliver q goes to parity[(i·batch + q)·S]: one copy per work shard,
            // then each sliver's n − k parity leaves are hashed in one call (the hasher's lanes full).
            int rows = n - k;
            byte[] parityBatch = scratch.parity(rows * batch * s);
            for (int i = 0; i < rows; i++) {
                area.getSymbols(i, 0, parityBatch, i * batch * s, batch);
            }
            byte[] leafHashes = scratch.leaves(n * H);
            for (int q = 0; q < batch; q++) {
                hasher.leaves(slivers.get(j0 + q), offsets[j0 + q], s, s, k, leafHashes, 0, H);
                hasher.leaves(parityBatch, q * s, batch * s, s, rows, leafHashes, k * H, H);
                hasher.root(leafHashes, 0, H, n, roots, (j0 + q) * H);
            }
        }
    }
}
