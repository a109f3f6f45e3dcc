package dev.walrusstream.codec.quilt;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;

import java.util.List;

/**
 * A built QuiltV1: the full message matrix (n_p·n_s·S bytes, never trimmed), its symbol size and
 * the index entries in identifier order. Encode it like any blob; patch IDs need its blob ID.
 */
public record Quilt(RedStuffParams params, int symbolSize, byte[] blob, int indexColumns, List<QuiltEntry> entries) {

    /** Blob attribute Walrus writers set on quilts. */
    public static final String BLOB_TYPE_ATTRIBUTE = "_walrusBlobType";
    public static final String BLOB_TYPE_QUILT = "quilt";

    public Quilt {
        entries = List.copyOf(entries);
    }

    /** Column size C = n_p · S: the bytes of one secondary sliver. */
    public int columnSize() {
        return params.primarySymbols() * symbolSize;
    }

    public EncodedBlob encode(RedStuff codec) {
        return codec.encode(params, blob, 0, blob.length);
    }

    public QuiltPatchId patchId(BlobId quiltId, QuiltEntry entry) {
        return new QuiltPatchId(quiltId, entry.startColumn(), entry.endColumn());
    }

    public QuiltEntry entry(String identifier) {
        for (QuiltEntry e : entries) {
            if (e.identifier().equals(identifier)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no patch '" + identifier + "' in this quilt");
    }
}
