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
 * Extends slivers to their full n-symbol codewords along the orthogonal code (a primary sliver is a
 * row: the secondary code extends it; a secondary sliver is a column: the primary code). That is
 * what a sliver's hash is computed over and where recovery symbols come from.
 */
public final class SliverExpander {
    private final GfEngine engine;
    private final RedStuffParams params;
    private final int s;

    public SliverExpander(GfEngine engine, RedStuffParams params, int symbolSize) {
        this.engine = engine;
        this.params = params;
        this.s = symbolSize;
    }

    private ReedSolomonCode codeFor(SliverType type) {
        return type == SliverType.PRIMARY ? params.secondaryCode() : params.primaryCode();
    }

    /** Full codewords (n·S bytes each) of slivers of one type, all extended in one batch. */
    public byte[][] expand(SliverType type, List<byte[]> slivers) {
        int n = params.nShards();
        int k = params.symbolsPerSliver(type);
        ReedSolomonCode code = codeFor(type);
        int count = slivers.size();
        byte[][] out = new byte[count][n * s];
        if (count == 0) {
            return out;
        }
        ShardBuffer work = new ShardBuffer(code.encodeWorkCount(), s, count);
        for (int j = 0; j < count; j++) {
            byte[] sliver = slivers.get(j);
            System.arraycopy(sliver, 0, out[j], 0, k * s);
            for (int c = 0; c < k; c++) {
                work.putSymbol(c, j, sliver, c * s);
            }
        }
        code.encode(engine, work);
        for (int i = 0; i < n - k; i++) {
            for (int j = 0; j < count; j++) {
                work.getSymbol(i, j, out[j], (k + i) * s);
            }
        }
        return out;
    }

    public byte[] expand(SliverType type, byte[] sliver) {
        return expand(type, List.of(sliver))[0];
    }

    /** Leaf hashes of a full codeword (n × 32 bytes). */
    public byte[] leafHashes(byte[] codeword) {
        int n = params.nShards();
        byte[] leaves = new byte[n * MerkleTree.NODE];
        MerkleHasher.create().leaves(codeword, 0, s, s, n, leaves, 0, MerkleTree.NODE);
        return leaves;
    }

    /** Merkle root of a full codeword: the sliver's hash in the metadata. */
    public byte[] root(byte[] codeword) {
        byte[] root = new byte[MerkleTree.NODE];
        MerkleHasher.create().root(leafHashes(codeword), 0, MerkleTree.NODE, params.nShards(), root, 0);
        return root;
    }
}
