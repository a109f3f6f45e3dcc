package dev.walrusstream.codec;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.hash.MerkleHasher;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@code BlobMetadata::V1}: encoding type, unencoded length and, per sliver pair p, the Merkle root
 * of primary sliver p and of secondary sliver n−1−p (docs/protocol/walrus-spec.md §2.3). Immutable.
 */
public final class BlobMetadata {
    private static final int HASH = 32;

    private final int encodingType;
    private final long unencodedLength;
    /** Pair p: primary hash at 64p, secondary hash at 64p + 32. */
    private final byte[] pairHashes;
    private final int nShards;

    private BlobMetadata(int encodingType, long unencodedLength, byte[] pairHashes) {
        this.encodingType = encodingType;
        this.unencodedLength = unencodedLength;
        this.pairHashes = pairHashes;
        this.nShards = pairHashes.length / (2 * HASH);
    }

    /**
     * @param primaryHashes   hash of primary sliver i at {@code 32·i}
     * @param secondaryHashes hash of secondary sliver j at {@code 32·j}
     */
    public static BlobMetadata fromSliverHashes(long unencodedLength, byte[] primaryHashes, byte[] secondaryHashes) {
        int n = primaryHashes.length / HASH;
        if (primaryHashes.length != n * HASH || secondaryHashes.length != n * HASH) {
            throw new IllegalArgumentException("sliver hash arrays must both hold n × 32 bytes");
        }
        byte[] pairs = new byte[2 * HASH * n];
        for (int p = 0; p < n; p++) {
            System.arraycopy(primaryHashes, p * HASH, pairs, 2 * HASH * p, HASH);
            System.arraycopy(secondaryHashes, (n - 1 - p) * HASH, pairs, 2 * HASH * p + HASH, HASH);
        }
        return new BlobMetadata(RedStuffParams.ENCODING_TYPE_RS2, unencodedLength, pairs);
    }

    public int encodingType() {
        return encodingType;
    }

    public long unencodedLength() {
        return unencodedLength;
    }

    public int nShards() {
        return nShards;
    }

    public RedStuffParams params() {
        return RedStuffParams.of(nShards);
    }

    public int symbolSize() {
        return params().symbolSize(unencodedLength);
    }

    /** Merkle root of the sliver with {@code index} of {@code type}. */
    public byte[] sliverHash(SliverType type, int index) {
        int pair = type == SliverType.PRIMARY ? index : nShards - 1 - index;
        if (pair < 0 || pair >= nShards) {
            throw new CodecException.InvalidSliver(type.label() + " sliver index " + index
                    + " is out of range for " + nShards + " shards");
        }
        int at = 2 * HASH * pair + (type == SliverType.PRIMARY ? 0 : HASH);
        return Arrays.copyOfRange(pairHashes, at, at + HASH);
    }

    boolean sliverHashEquals(SliverType type, int index, byte[] hash, int offset) {
        int pair = type == SliverType.PRIMARY ? index : nShards - 1 - index;
        int at = 2 * HASH * pair + (type == SliverType.PRIMARY ? 0 : HASH);
        return Arrays.equals(pairHashes, at, at + HASH, hash, offset, offset + HASH);
    }

    /** Merkle root over the pairs: leaf p = H(0x00 || primary_hash_p || secondary_hash_p). */
    public byte[] rootHash() {
        MerkleHasher hasher = MerkleHasher.create();
        byte[] leaves = new byte[HASH * nShards];
        hasher.leaves(pairHashes, 0, 2 * HASH, 2 * HASH, nShards, leaves, 0, HASH);
        byte[] root = new byte[HASH];
        hasher.root(leaves, 0, HASH, nShards, root, 0);
        return root;
    }

    public BlobId blobId() {
        return BlobId.derive(encodingType, unencodedLength, rootHash());
    }

    /**
     * Checks what a node and a reader check (docs/protocol/walrus-spec.md §2.3): RS2, n within limits, length within
     * the maximum for n, and the blob ID recomputed from this metadata equals {@code claimed}.
     */
    public void verify(BlobId claimed) {
        RedStuffParams params = params();
        if (unencodedLength > params.maxBlobSize()) {
            throw new CodecException.MetadataMismatch("metadata claims " + unencodedLength
                    + " bytes, more than the " + params.maxBlobSize() + " bytes " + nShards + " shards can hold");
        }
        BlobId actual = blobId();
        if (!actual.equals(claimed)) {
            throw new CodecException.MetadataMismatch("metadata belongs to blob " + actual + ", not to " + claimed);
        }
    }

    /** BCS of {@code BlobMetadata} (the PUT metadata body). */
    public byte[] toBcs() {
        BcsWriter w = new BcsWriter(10 + 5 + 66 * nShards);
        writeBcs(w);
        return w.toByteArray();
    }

    /** BCS of {@code BlobMetadataWithId} (the GET metadata body): the raw ID then the metadata. */
    public byte[] toBcsWithId(BlobId id) {
        BcsWriter w = new BcsWriter(42 + 5 + 66 * nShards);
        w.fixedBytes(id.bytes());
        writeBcs(w);
        return w.toByteArray();
    }

    private void writeBcs(BcsWriter w) {
        w.u8(0); // BlobMetadata::V1
        w.u8(encodingType);
        w.u64(unencodedLength);
        w.uleb128(nShards);
        for (int p = 0; p < nShards; p++) {
            w.u8(1).fixedBytes(pairHashes, 2 * HASH * p, HASH);
            w.u8(1).fixedBytes(pairHashes, 2 * HASH * p + HASH, HASH);
        }
    }

    public static BlobMetadata fromBcs(byte[] bcs) {
        BcsReader r = new BcsReader(bcs);
        BlobMetadata m = readBcs(r);
        r.expectEnd("blob metadata");
        return m;
    }

    /** Parses a {@code BlobMetadataWithId} body; the ID is returned unchecked beside the metadata. */
    public static WithId fromBcsWithId(byte[] bcs) {
        BcsReader r = new BcsReader(bcs);
        BlobId id = BlobId.of(r.fixedBytes(BlobId.LENGTH));
        BlobMetadata m = readBcs(r);
        r.expectEnd("blob metadata with ID");
        return new WithId(id, m);
    }

    private static BlobMetadata readBcs(BcsReader r) {
        int variant = r.u8();
        if (variant != 0) {
            throw new BcsException("unknown BlobMetadata variant " + variant + " (only V1 = 0 exists)");
        }
        int encodingType = r.u8();
        if (encodingType != RedStuffParams.ENCODING_TYPE_RS2) {
            throw new BcsException("unsupported encoding type " + encodingType + " (only RS2 = 1 is supported)");
        }
        long length = r.u64();
        if (length < 0) {
            throw new BcsException("unencoded length " + Long.toUnsignedString(length) + " is out of range");
        }
        int at = r.position();
        int n = r.uleb128();
        if (n < RedStuffParams.MIN_SHARDS || n > RedStuffParams.MAX_SHARDS) {
            throw new BcsException("metadata at offset " + at + " lists " + n + " sliver pairs; supported are "
                    + RedStuffParams.MIN_SHARDS + " to " + RedStuffParams.MAX_SHARDS);
        }
        byte[] pairs = new byte[2 * HASH * n];
        for (int i = 0; i < 2 * n; i++) {
            int tagAt = r.position();
            int tag = r.u8();
            if (tag != 1) {
                throw new BcsException("sliver hash node at offset " + tagAt + " has tag " + tag + ", expected a digest (1)");
            }
            System.arraycopy(r.fixedBytes(HASH), 0, pairs, HASH * i, HASH);
        }
        return new BlobMetadata(encodingType, length, pairs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobMetadata m && m.encodingType == encodingType && m.unencodedLength == unencodedLength
                && Arrays.equals(m.pairHashes, pairHashes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(unencodedLength) * 31 + Arrays.hashCode(pairHashes);
    }

    @Override
    public String toString() {
        return "BlobMetadata[RS2, " + unencodedLength + " bytes, " + nShards + " shards, root "
                + HexFormat.of().formatHex(rootHash()) + "]";
    }

    /** Metadata together with the ID it was sent with. */
    public record WithId(BlobId blobId, BlobMetadata metadata) {
    }
}
