package dev.walrusstream.codec;

import dev.walrusstream.codec.hash.MerkleTree;
import dev.walrusstream.codec.internal.BlobEncoder;
import dev.walrusstream.codec.internal.Parallel;
import dev.walrusstream.codec.internal.SharedPool;
import dev.walrusstream.codec.internal.SliverExpander;
import dev.walrusstream.codec.internal.SliverRoots;
import dev.walrusstream.codec.internal.SymbolDecoder;
import dev.walrusstream.codec.rs.Engines;
import dev.walrusstream.codec.rs.GfEngine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The Red Stuff (RS2) codec: encode a blob into slivers and metadata, verify slivers, decode a blob
 * from primary slivers, and produce and use recovery symbols. Byte-compatible with Walrus.
 * Thread-safe; one instance can serve many threads.
 */
public final class RedStuff {
    private final GfEngine engine;
    private final Parallel parallel;

    private RedStuff(GfEngine engine, Parallel parallel) {
        this.engine = engine;
        this.parallel = parallel;
    }

    /** The fastest engine available in this JVM, on the calling thread only. */
    public static RedStuff create() {
        return new RedStuff(Engines.best(), Parallel.sequential());
    }

    public static RedStuff withEngine(GfEngine engine) {
        return new RedStuff(engine, Parallel.sequential());
    }

    /**
     * Uses up to {@code threads} threads per operation: the caller plus workers of one process-wide
     * pool of {@code threads − 1} daemon threads. Many blobs encoded side by side share that pool,
     * so the codec never runs more than its callers plus {@code threads − 1} threads.
     */
    public static RedStuff parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (threads == 1) {
            return create();
        }
        return new RedStuff(Engines.best(), Parallel.on(SharedPool.get(threads - 1), threads));
    }

    /**
     * Uses {@code threads} threads per operation: the caller plus {@code threads − 1} from {@code pool}.
     */
    public static RedStuff withEngine(GfEngine engine, ExecutorService pool, int threads) {
        return new RedStuff(engine, Parallel.on(pool, threads));
    }

    public GfEngine engine() {
        return engine;
    }

    public EncodedBlob encode(int nShards, byte[] blob) {
        return encode(RedStuffParams.of(nShards), blob, 0, blob.length);
    }

    public EncodedBlob encode(RedStuffParams params, byte[] blob, int offset, int length) {
        int s = params.symbolSize(length);
        return new BlobEncoder(engine, parallel, params, s).encode(blob, offset, length);
    }

    /**
     * Encodes into {@code arena}'s buffers instead of fresh arrays: the same slivers, metadata and
     * blob ID as {@link #encode(RedStuffParams, byte[], int, int)}, without allocating them again for
     * every blob of the same shape. The result is valid until the arena's next encode (see
     * {@link SliverArena}).
     */
    public EncodedBlob encode(RedStuffParams params, byte[] blob, int offset, int length, SliverArena arena) {
        if (arena == null) {
            throw new IllegalArgumentException("arena is required (use encode without one to allocate the slivers)");
        }
        int s = params.symbolSize(length);
        SliverArena.Lease lease = arena.acquire(params, s);
        try {
            BlobMetadata metadata = new BlobEncoder(engine, parallel, params, s)
                    .encodeInto(blob, offset, length, lease.primary(), lease.secondary(), lease.leaves());
            return new EncodedBlob(params, s, lease.primary(), lease.secondary(), metadata, lease);
        } finally {
            arena.release();
        }
    }

    /** Checks a sliver's shape and that its hash equals the metadata's. */
    public void verify(BlobMetadata metadata, Sliver sliver) {
        verifyAll(metadata, List.of(sliver));
    }

    /** Checks the shape of a sliver left in its buffer and that its hash equals the metadata's. */
    public void verify(BlobMetadata metadata, SliverSymbols sliver) {
        verifySymbols(metadata, List.of(sliver));
    }

    /** Verifies slivers of possibly mixed types, extending each type in one batch. */
    public void verifyAll(BlobMetadata metadata, Collection<Sliver> slivers) {
        List<SliverSymbols> views = new ArrayList<>(slivers.size());
        slivers.forEach(x -> views.add(SliverSymbols.of(x)));
        verifySymbols(metadata, views);
    }

    /**
     * Verifies slivers of possibly mixed types whose symbols lie in larger buffers (say the request bodies
     * that carried them), without copying them out: each type is extended in one batch.
     */
    public void verifySymbols(BlobMetadata metadata, Collection<SliverSymbols> slivers) {
        RedStuffParams params = metadata.params();
        int s = metadata.symbolSize();
        SliverRoots hasher = new SliverRoots(engine, params, s);
        for (SliverType type : SliverType.values()) {
            List<SliverSymbols> ofType = new ArrayList<>();
            for (SliverSymbols sliver : slivers) {
                if (sliver.type() == type) {
                    sliver.checkShape(params, s);
                    ofType.add(sliver);
                }
            }
            List<byte[]> buffers = new ArrayList<>(ofType.size());
            int[] offsets = new int[ofType.size()];
            for (int i = 0; i < ofType.size(); i++) {
                buffers.add(ofType.get(i).buffer());
                offsets[i] = ofType.get(i).offset();
            }
            byte[] roots = hasher.roots(type, buffers, offsets);
            for (int i = 0; i < ofType.size(); i++) {
                checkHash(metadata, type, ofType.get(i).index(), roots, i);
            }
        }
    }

    private static void checkHash(BlobMetadata metadata, SliverType type, int index, byte[] roots, int i) {
        if (!rootMatches(metadata, type, index, roots, i)) {
            int offset = i * MerkleTree.NODE;
            throw new CodecException.SliverMismatch(type, index, HexFormat.of().formatHex(metadata.sliverHash(type, index)),
                    HexFormat.of().formatHex(roots, offset, offset + MerkleTree.NODE));
        }
    }

    /** Whether the {@code i}-th 32-byte root in {@code roots} is the metadata's hash of sliver {@code index}. */
    private static boolean rootMatches(BlobMetadata metadata, SliverType type, int index, byte[] roots, int i) {
        byte[] expected = metadata.sliverHash(type, index);
        int offset = i * MerkleTree.NODE;
        return Arrays.equals(expected, 0, expected.length, roots, offset, offset + MerkleTree.NODE);
    }

    /**
     * Rebuilds the blob from at least n_p primary slivers that were already verified against the
     * metadata (any subset, systematic or not).
     */
    public byte[] decode(BlobMetadata metadata, Collection<Sliver> verifiedPrimarySlivers, ConsistencyCheck check) {
        RedStuffParams params = metadata.params();
        int s = metadata.symbolSize();
        Map<Integer, byte[]> rows = new HashMap<>();
        for (Sliver sliver : verifiedPrimarySlivers) {
            if (sliver.type() != SliverType.PRIMARY) {
                throw new CodecException.InvalidSliver("decoding needs primary slivers, got " + sliver);
            }
            sliver.checkShape(params, s);
            rows.putIfAbsent(sliver.index(), sliver.data());
        }
        SymbolDecoder decoder = SymbolDecoder.primary(engine, parallel, params, s);
        byte[][] source = decoder.decode(rows, params.secondarySymbols(), "primary slivers");
        if (check == ConsistencyCheck.DEFAULT) {
            List<Integer> rebuilt = new ArrayList<>();
            List<byte[]> data = new ArrayList<>();
            for (int r = 0; r < source.length; r++) {
                if (!rows.containsKey(r)) {
                    rebuilt.add(r);
                    data.add(source[r]);
                }
            }
            byte[] roots = new SliverRoots(engine, params, s).roots(SliverType.PRIMARY, data);
            for (int i = 0; i < rebuilt.size(); i++) {
                if (!rootMatches(metadata, SliverType.PRIMARY, rebuilt.get(i), roots, i)) {
                    throw new CodecException.InconsistentBlob("decoded primary sliver " + rebuilt.get(i)
                            + " does not match the metadata: the blob was encoded inconsistently");
                }
            }
        }
        long length = metadata.unencodedLength();
        byte[] blob = new byte[Math.toIntExact(length)];
        int rowBytes = params.secondarySymbols() * s;
        for (int r = 0; r < source.length && (long) r * rowBytes < length; r++) {
            int count = (int) Math.min(rowBytes, length - (long) r * rowBytes);
            System.arraycopy(source[r], 0, blob, r * rowBytes, count);
        }
        if (check == ConsistencyCheck.STRICT) {
            BlobId actual = encode(params, blob, 0, blob.length).blobId();
            if (!actual.equals(metadata.blobId())) {
                throw new CodecException.InconsistentBlob("decoded blob re-encodes to " + actual + ", not "
                        + metadata.blobId());
            }
        }
        return blob;
    }

    /**
     * Recovery symbols a node holding {@code source} hands out: for each target index t, symbol t of
     * the source's full codeword with its Merkle proof. They help rebuild slivers of the other type.
     */
    public List<RecoverySymbol> recoverySymbols(BlobMetadata metadata, Sliver source, int... targetIndices) {
        RedStuffParams params = metadata.params();
        int s = metadata.symbolSize();
        source.checkShape(params, s);
        SliverExpander expander = new SliverExpander(engine, params, s);
        byte[] codeword = expander.expand(source.type(), source.data());
        MerkleTree tree = MerkleTree.fromLeafHashes(expander.leafHashes(codeword), params.nShards());
        List<RecoverySymbol> out = new ArrayList<>(targetIndices.length);
        for (int t : targetIndices) {
            params.checkIndex(t, "recovery target index");
            byte[] symbol = Arrays.copyOfRange(codeword, t * s, (t + 1) * s);
            out.add(new RecoverySymbol(source.type().orthogonal(), source.index(), symbol, t, tree.proof(t)));
        }
        return out;
    }

    /**
     * Rebuilds sliver {@code index} of {@code type} from recovery symbols taken from slivers of the
     * other type. Symbols that do not prove against the metadata are ignored; n_p symbols are needed
     * for a secondary sliver, n_s for a primary one. The result is checked against the metadata.
     *
     * @throws CodecException.NotEnoughSymbols   too few valid symbols
     * @throws CodecException.InconsistentBlob   valid symbols that decode to a sliver the metadata does not list
     */
    public Sliver recoverSliver(BlobMetadata metadata, SliverType type, int index, Collection<RecoverySymbol> symbols) {
        RedStuffParams params = metadata.params();
        params.checkIndex(index, type.label() + " sliver index");
        int s = metadata.symbolSize();
        Map<Integer, byte[]> byPosition = new LinkedHashMap<>();
        for (RecoverySymbol symbol : symbols) {
            if (symbol.targetType() != type || symbol.targetIndex() != index) {
                continue;
            }
            try {
                symbol.verify(metadata);
            } catch (CodecException.InvalidRecoverySymbol e) {
                continue;
            }
            byPosition.putIfAbsent(symbol.sourceIndex(), symbol.data());
        }
        SymbolDecoder decoder = type == SliverType.PRIMARY
                ? SymbolDecoder.secondary(engine, parallel, params, s)
                : SymbolDecoder.primary(engine, parallel, params, s);
        byte[][] source = decoder.decode(byPosition, 1, "valid recovery symbols for " + type.label() + " sliver " + index);
        byte[] data = new byte[params.sliverLength(type, s)];
        for (int i = 0; i < source.length; i++) {
            System.arraycopy(source[i], 0, data, i * s, s);
        }
        Sliver sliver = new Sliver(type, index, s, data);
        try {
            verify(metadata, sliver);
        } catch (CodecException.SliverMismatch e) {
            throw new CodecException.InconsistentBlob("recovered " + type.label() + " sliver " + index
                    + " does not match the metadata: the blob was encoded inconsistently");
        }
        return sliver;
    }
}
