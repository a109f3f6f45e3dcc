package dev.walrusstream.codec;

import dev.walrusstream.codec.rs.ReedSolomonCode;

/**
 * The shape of RS2 encoding for {@code nShards} shards (docs/protocol/walrus-spec.md §1): f = ⌊(n−1)/3⌋ faulty shards,
 * n_p = n − 2f rows (primary source symbols, symbols per secondary sliver) and n_s = n − f columns
 * (secondary source symbols, symbols per primary sliver).
 */
public record RedStuffParams(int nShards) {
    /** For n ≤ 3, f = 0 and the primary code has no repair symbols; Walrus rejects it too. */
    public static final int MIN_SHARDS = 4;
    /**
     * Upper bound of this implementation: encoding keeps an n × n matrix of 32-byte leaf hashes
     * (128 MiB at 2048). Walrus mainnet and testnet use 1000.
     */
    public static final int MAX_SHARDS = 2048;
    /** RS2 symbols are at most u16::MAX − 1 bytes. */
    public static final int MAX_SYMBOL_SIZE = 65534;
    /** {@code EncodingType::RS2}. */
    public static final int ENCODING_TYPE_RS2 = 1;

    public RedStuffParams {
        if (nShards < MIN_SHARDS || nShards > MAX_SHARDS) {
            throw new CodecException.InvalidShardCount(nShards);
        }
    }

    public static RedStuffParams of(int nShards) {
        return new RedStuffParams(nShards);
    }

    /** Maximum number of faulty shards tolerated. */
    public int f() {
        return (nShards - 1) / 3;
    }

    /** n_p: rows of the message matrix, symbols in a secondary sliver. */
    public int primarySymbols() {
        return nShards - 2 * f();
    }

    /** n_s: columns of the message matrix, symbols in a primary sliver. */
    public int secondarySymbols() {
        return nShards - f();
    }

    /** Code applied to each column (n_p → n). */
    public ReedSolomonCode primaryCode() {
        return new ReedSolomonCode(primarySymbols(), nShards - primarySymbols());
    }

    /** Code applied to each row (n_s → n). */
    public ReedSolomonCode secondaryCode() {
        return new ReedSolomonCode(secondarySymbols(), nShards - secondarySymbols());
    }

    /** Symbols in a sliver of the given type. */
    public int symbolsPerSliver(SliverType type) {
        return type == SliverType.PRIMARY ? secondarySymbols() : primarySymbols();
    }

    /** The largest blob this shard count can encode: n_p · n_s · 65534 bytes. */
    public long maxBlobSize() {
        return (long) primarySymbols() * secondarySymbols() * MAX_SYMBOL_SIZE;
    }

    /**
     * Symbol size for a blob of {@code blobSize} bytes: ⌈max(L,1) / (n_p·n_s)⌉ rounded up to even.
     *
     * @throws CodecException.DataTooLarge when the blob does not fit
     */
    public int symbolSize(long blobSize) {
        if (blobSize < 0) {
            throw new IllegalArgumentException("blob size must not be negative, got " + blobSize);
        }
        long cells = (long) primarySymbols() * secondarySymbols();
        long size = (Math.max(blobSize, 1) + cells - 1) / cells;
        size += size & 1;
        if (size > MAX_SYMBOL_SIZE) {
            throw new CodecException.DataTooLarge(blobSize, maxBlobSize(), nShards);
        }
        return (int) size;
    }

    public int sliverLength(SliverType type, int symbolSize) {
        return symbolsPerSliver(type) * symbolSize;
    }

    /**
     * The most heap encoding a blob of {@code blobSize} bytes needs, input included: 6 × its size plus
     * the n × n leaf-hash table (32·n² bytes) and 64 MiB for the JVM and work areas. {@code
     * EncodeMemoryIT} encodes in a JVM whose {@code -Xmx} is exactly this.
     */
    public long encodeHeapBound(long blobSize) {
        return 6L * blobSize + 32L * nShards * nShards + (64L << 20);
    }

    /**
     * Storage a blob occupies on the network (what must be reserved): every sliver of every shard
     * plus one copy of the metadata per shard, n · ((n_p + n_s)·S + 64·n + 32).
     */
    public long encodedLength(long blobSize) {
        long s = symbolSize(blobSize);
        return (long) nShards * ((long) (primarySymbols() + secondarySymbols()) * s + 64L * nShards + 32);
    }

    /** Secondary sliver index held by sliver pair {@code pairIndex} (pairs hold n−1−p). */
    public int secondaryIndexOfPair(int pairIndex) {
        checkIndex(pairIndex, "pair index");
        return nShards - 1 - pairIndex;
    }

    /** Sliver pair that holds the sliver with index {@code sliverIndex} of {@code type}. */
    public int pairOfSliver(SliverType type, int sliverIndex) {
        checkIndex(sliverIndex, type.label() + " sliver index");
        return type == SliverType.PRIMARY ? sliverIndex : nShards - 1 - sliverIndex;
    }

    /** Shard that stores sliver pair {@code pairIndex} of the blob (rotation by the big-endian blob ID mod n). */
    public int shardOfPair(BlobId blobId, int pairIndex) {
        checkIndex(pairIndex, "pair index");
        return (pairIndex + blobId.rotationOffset(nShards)) % nShards;
    }

    /** Sliver pair stored by {@code shard} for the blob. */
    public int pairOfShard(BlobId blobId, int shard) {
        checkIndex(shard, "shard index");
        return Math.floorMod(shard - blobId.rotationOffset(nShards), nShards);
    }

    public void checkIndex(int index, String what) {
        if (index < 0 || index >= nShards) {
            throw new CodecException.InvalidSliver(what + " " + index + " is out of range for " + nShards + " shards");
        }
    }
}
