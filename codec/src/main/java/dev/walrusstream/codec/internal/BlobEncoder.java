package dev.walrusstream.codec.internal;

import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.hash.MerkleHasher;
import dev.walrusstream.codec.hash.MerkleTree;
import dev.walrusstream.codec.rs.GfEngine;
import dev.walrusstream.codec.rs.ReedSolomonCode;
import dev.walrusstream.codec.rs.ShardBuffer;

/**
 * Encodes one blob into its n × n expanded matrix without ever holding the whole matrix:
 * <ol>
 *   <li>the blob's rows become primary slivers 0..n_p−1 and, gathered by column, secondary slivers 0..n_s−1;</li>
 *   <li>the secondary code extends rows 0..n_p−1, giving secondary slivers n_s..n−1 (column batches of rows);</li>
 *   <li>the primary code extends every column: columns below n_s give primary slivers n_p..n−1, the
 *       rest (the lower-right quadrant) is only hashed and dropped.</li>
 * </ol>
 * Every symbol's leaf hash is computed once into an n × n table, shared by its row tree and its
 * column tree. Memory: the slivers (≈ 4.5 × the blob at n = 1000), the hash table (32·n² bytes)
 * and one cache-sized work area per thread.
 */
public final class BlobEncoder {
    private static final int H = MerkleTree.NODE;

    private final GfEngine engine;
    private final Parallel parallel;
    private final RedStuffParams params;
    private final int n;
    private final int np;
    private final int ns;
    private final int s;
    private final ReedSolomonCode primaryCode;
    private final ReedSolomonCode secondaryCode;

    public BlobEncoder(GfEngine engine, Parallel parallel, RedStuffParams params, int symbolSize) {
        this.engine = engine;
        this.parallel = parallel;
        this.params = params;
        this.n = params.nShards();
        this.np = params.primarySymbols();
        this.ns = params.secondarySymbols();
        this.s = symbolSize;
        this.primaryCode = params.primaryCode();
        this.secondaryCode = params.secondaryCode();
    }

    public EncodedBlob encode(byte[] blob, int offset, int length) {
        byte[][] primary = new byte[n][ns * s];
        byte[][] secondary = new byte[n][np * s];
        BlobMetadata metadata = encodeInto(blob, offset, length, primary, secondary, new byte[n * n * H]);
        return new EncodedBlob(params, s, primary, secondary, metadata);
    }

    /**
     * Encodes into caller-provided buffers of the right shape (n arrays of n_s·S and n of n_p·S
     * bytes, and an n·n·32-byte leaf table), whatever they held before: every byte is overwritten.
     */
    public BlobMetadata encodeInto(byte[] blob, int offset, int length, byte[][] primary, byte[][] secondary,
                                   byte[] leaves) {
        checkShape(primary, secondary, leaves);
        int rowBytes = ns * s;
        parallel.forEach(np, r -> {
            int start = r * rowBytes;
            int count = Math.max(0, Math.min(rowBytes, length - start));
            if (count > 0) {
                System.arraycopy(blob, offset + start, primary[r], 0, count);
            }
            if (count < rowBytes) {
                java.util.Arrays.fill(primary[r], count, rowBytes, (byte) 0); // the zero padding of the last rows
            }
        });
        parallel.forEach(ns, c -> {
            for (int r = 0; r < np; r++) {
                System.arraycopy(primary[r], c * s, secondary[c], r * s, s);
            }
        });
        extendRows(secondary);
        extendColumns(primary, secondary, leaves);
        hashStoredLeaves(primary, secondary, leaves);
        return metadataFromLeaves(leaves, length);
    }

    private void checkShape(byte[][] primary, byte[][] secondary, byte[] leaves) {
        if (primary.length != n || secondary.length != n || leaves.length != n * n * H
                || primary[0].length != ns * s || secondary[0].length != np * s) {
            throw new IllegalArgumentException("encode buffers have the wrong shape for n = " + n + ", S = " + s
                    + ": " + primary.length + " primary of " + primary[0].length + " bytes (expected " + n + " of "
                    + ns * s + "), " + secondary.length + " secondary of " + secondary[0].length + " bytes (expected "
                    + n + " of " + np * s + "), leaf table of " + leaves.length + " bytes (expected " + n * n * H + ")");
        }
    }

    /** Secondary code over rows 0..n_p−1: shard c holds column c of a batch of rows. */
    private void extendRows(byte[][] secondary) {
        int workCount = secondaryCode.encodeWorkCount();
        int m = Batches.symbolsPerShard(workCount, s, np);
        int batches = (np + m - 1) / m;
        parallel.forEach(batches, b -> {
            int r0 = b * m;
            int count = Math.min(m, np - r0);
            ShardBuffer work = WorkAreas.get(workCount, s, count);
            for (int c = 0; c < ns; c++) {
                work.putSymbols(c, 0, secondary[c], r0 * s, count);
            }
            secondaryCode.encode(engine, work);
            for (int i = 0; i < n - ns; i++) {
                work.getSymbols(i, 0, secondary[ns + i], r0 * s, count);
            }
        });
    }

    /**
     * Primary code over all n columns: shard r holds row r of a batch of columns. Columns below n_s
     * yield the non-systematic primary slivers; the others are hashed straight from the work area.
     */
    private void extendColumns(byte[][] primary, byte[][] secondary, byte[] leaves) {
        int workCount = primaryCode.encodeWorkCount();
        int m = Batches.symbolsPerShard(workCount, s, n);
        int leftBatches = (ns + m - 1) / m;
        int rightBatches = (n - ns + m - 1) / m;
        parallel.forEach(leftBatches + rightBatches, b -> {
            if (b < leftBatches) {
                int c0 = b * m;
                int count = Math.min(m, ns - c0);
                ShardBuffer work = WorkAreas.get(workCount, s, count);
                for (int r = 0; r < np; r++) {
                    work.putSymbols(r, 0, primary[r], c0 * s, count);
                }
                primaryCode.encode(engine, work);
                for (int i = 0; i < n - np; i++) {
                    work.getSymbols(i, 0, primary[np + i], c0 * s, count);
                }
            } else {
                int c0 = ns + (b - leftBatches) * m;
                int count = Math.min(m, n - c0);
                ShardBuffer work = WorkAreas.get(workCount, s, count);
                for (int r = 0; r < np; r++) {
                    for (int k = 0; k < count; k++) {
                        work.putSymbol(r, k, secondary[c0 + k], r * s);
                    }
                }
                primaryCode.encode(engine, work);
                // The lower-right quadrant is never stored: copy it out row by row and hash it
                // column by column, so each call hashes n − n_p equal leaves (vector lanes stay full).
                int rows = n - np;
                byte[] quadrant = Scratch.bytes(rows * count * s);
                for (int i = 0; i < rows; i++) {
                    work.getSymbols(i, 0, quadrant, i * count * s, count);
                }
                MerkleHasher hasher = MerkleHasher.create();
                for (int k = 0; k < count; k++) {
                    hasher.leaves(quadrant, k * s, count * s, s, rows, leaves, (np * n + c0 + k) * H, n * H);
                }
            }
        });
    }

    /** Leaf hashes of every stored symbol: rows of all primary slivers, and the top of columns n_s..n−1. */
    private void hashStoredLeaves(byte[][] primary, byte[][] secondary, byte[] leaves) {
        parallel.forEach(n + (n - ns), t -> {
            MerkleHasher hasher = MerkleHasher.create();
            if (t < n) {
                hasher.leaves(primary[t], 0, s, s, ns, leaves, t * n * H, H);
            } else {
                int c = ns + (t - n);
                hasher.leaves(secondary[c], 0, s, s, np, leaves, c * H, n * H);
            }
        });
    }

    private BlobMetadata metadataFromLeaves(byte[] leaves, long length) {
        byte[] primaryHashes = new byte[n * H];
        byte[] secondaryHashes = new byte[n * H];
        parallel.forEach(2 * n, t -> {
            MerkleHasher hasher = MerkleHasher.create();
            if (t < n) {
                hasher.root(leaves, t * n * H, H, n, primaryHashes, t * H);
            } else {
                int c = t - n;
                hasher.root(leaves, c * H, n * H, n, secondaryHashes, c * H);
            }
        });
        return BlobMetadata.fromSliverHashes(length, primaryHashes, secondaryHashes);
    }
}
