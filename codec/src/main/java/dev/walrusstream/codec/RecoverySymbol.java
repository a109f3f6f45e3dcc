package dev.walrusstream.codec;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.hash.MerkleProof;

import java.util.Arrays;

/**
 * Walrus's {@code GeneralRecoverySymbol}: one symbol of the expanded matrix, taken from a source
 * sliver of one type to help rebuild a target sliver of the other type, with the Merkle proof of
 * that symbol in the source sliver's tree.
 *
 * <p>{@code targetType} is the type of sliver the symbol helps recover (the BCS enum tag of the
 * decoding symbol: 0 primary, 1 secondary); {@code sourceIndex} is the index of the source sliver,
 * which is also the symbol's position in the target's codeword; {@code targetIndex} the index of
 * the target sliver, which is the symbol's position in the source's codeword (the proof's leaf).
 */
public record RecoverySymbol(SliverType targetType, int sourceIndex, byte[] data, int targetIndex, MerkleProof proof) {

    public RecoverySymbol {
        if (sourceIndex < 0 || sourceIndex > 0xFFFF || targetIndex < 0 || targetIndex > 0xFFFF) {
            throw new CodecException.InvalidRecoverySymbol("recovery symbol indices must fit in u16, got source "
                    + sourceIndex + ", target " + targetIndex);
        }
    }

    public SliverType sourceType() {
        return targetType.orthogonal();
    }

    /** The symbol's primary sliver index (its row). */
    public int primaryIndex() {
        return targetType == SliverType.PRIMARY ? targetIndex : sourceIndex;
    }

    /** The symbol's secondary sliver index (its column). */
    public int secondaryIndex() {
        return targetType == SliverType.PRIMARY ? sourceIndex : targetIndex;
    }

    /** Walrus's {@code SymbolId} text: {@code "<primary index>-<secondary index>"}. */
    public String symbolId() {
        return primaryIndex() + "-" + secondaryIndex();
    }

    /**
     * Checks the symbol against the blob's metadata: shape, then the Merkle proof against the source
     * sliver's hash.
     */
    public void verify(BlobMetadata metadata) {
        RedStuffParams params = metadata.params();
        if (sourceIndex >= params.nShards() || targetIndex >= params.nShards()) {
            throw new CodecException.InvalidRecoverySymbol("recovery symbol " + symbolId() + " is out of range for "
                    + params.nShards() + " shards");
        }
        int s = metadata.symbolSize();
        if (data.length != s) {
            throw new CodecException.InvalidRecoverySymbol("recovery symbol " + symbolId() + " has " + data.length
                    + " bytes, the blob's symbol size is " + s);
        }
        byte[] root = metadata.sliverHash(sourceType(), sourceIndex);
        if (!proof.verify(root, params.nShards(), data, 0, data.length, targetIndex)) {
            throw new CodecException.InvalidRecoverySymbol("recovery symbol " + symbolId() + " from "
                    + sourceType().label() + " sliver " + sourceIndex + " does not prove against the metadata");
        }
    }

    public void writeBcs(BcsWriter w) {
        w.u8(targetType.ordinal()).u16(sourceIndex).bytes(data).u16(targetIndex);
        proof.writeBcs(w);
    }

    public static RecoverySymbol readBcs(BcsReader r) {
        int at = r.position();
        int tag = r.u8();
        if (tag > 1) {
            throw new BcsException("unknown decoding symbol tag " + tag + " at offset " + at);
        }
        int source = r.u16();
        byte[] data = r.bytes();
        int target = r.u16();
        MerkleProof proof = MerkleProof.readBcs(r);
        return new RecoverySymbol(SliverType.values()[tag], source, data, target, proof);
    }

    /** BCS {@code Vec<GeneralRecoverySymbol>} (the recoverySymbols response body). */
    public static byte[] listToBcs(java.util.List<RecoverySymbol> symbols) {
        BcsWriter w = new BcsWriter();
        w.uleb128(symbols.size());
        for (RecoverySymbol s : symbols) {
            s.writeBcs(w);
        }
        return w.toByteArray();
    }

    public static java.util.List<RecoverySymbol> listFromBcs(byte[] bcs) {
        BcsReader r = new BcsReader(bcs);
        int count = r.uleb128();
        if (count > r.remaining()) {
            throw new BcsException("recovery symbol list claims " + count + " entries in " + r.remaining() + " bytes");
        }
        java.util.List<RecoverySymbol> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(readBcs(r));
        }
        r.expectEnd("recovery symbol list");
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoverySymbol s && s.targetType == targetType && s.sourceIndex == sourceIndex
                && s.targetIndex == targetIndex && Arrays.equals(s.data, data) && s.proof.equals(proof);
    }

    @Override
    public int hashCode() {
        return ((targetType.hashCode() * 31 + sourceIndex) * 31 + targetIndex) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RecoverySymbol[" + symbolId() + " for " + targetType.label() + " sliver " + targetIndex + "]";
    }
}
