package dev.walrusstream.codec;

/**
 * Everything the codec refuses, each with the values that were wrong. Subclasses say what kind of
 * refusal it is so callers (a storage node answering 4xx, a reader skipping a lying node) can react.
 */
public abstract sealed class CodecException extends RuntimeException
        permits CodecException.InvalidShardCount, CodecException.DataTooLarge, CodecException.InvalidSliver,
        CodecException.SliverMismatch, CodecException.NotEnoughSymbols, CodecException.MetadataMismatch,
        CodecException.InvalidRecoverySymbol, CodecException.InconsistentBlob, CodecException.InvalidQuilt {
    private static final long serialVersionUID = 1L;

    CodecException(String message) {
        super(message);
    }

    /** The shard count is outside what Walrus (and this codec) supports. */
    public static final class InvalidShardCount extends CodecException {
        private static final long serialVersionUID = 1L;
        private final int nShards;

        public InvalidShardCount(int nShards) {
            super("number of shards must be between " + RedStuffParams.MIN_SHARDS + " and "
                    + RedStuffParams.MAX_SHARDS + ", got " + nShards);
            this.nShards = nShards;
        }

        public int nShards() {
            return nShards;
        }
    }

    /** The blob is larger than n_p · n_s · 65534 bytes for this shard count. */
    public static final class DataTooLarge extends CodecException {
        private static final long serialVersionUID = 1L;
        private final long size;
        private final long limit;

        public DataTooLarge(long size, long limit, int nShards) {
            super("blob of " + size + " bytes is too large for " + nShards + " shards: the limit is "
                    + limit + " bytes");
            this.size = size;
            this.limit = limit;
        }

        public long size() {
            return size;
        }

        public long limit() {
            return limit;
        }
    }

    /** A sliver (or symbol) whose shape is wrong: index out of range, wrong length or symbol size. */
    public static final class InvalidSliver extends CodecException {
        private static final long serialVersionUID = 1L;

        public InvalidSliver(String message) {
            super(message);
        }
    }

    /** A well-formed sliver whose Merkle root differs from the hash in the blob's metadata. */
    public static final class SliverMismatch extends CodecException {
        private static final long serialVersionUID = 1L;
        private final SliverType type;
        private final int index;

        public SliverMismatch(SliverType type, int index, String expectedHex, String actualHex) {
            super(type.label() + " sliver " + index + " does not match the metadata: expected hash "
                    + expectedHex + ", computed " + actualHex);
            this.type = type;
            this.index = index;
        }

        public SliverType type() {
            return type;
        }

        public int index() {
            return index;
        }
    }

    /** Fewer distinct valid slivers or symbols than the code needs. */
    public static final class NotEnoughSymbols extends CodecException {
        private static final long serialVersionUID = 1L;
        private final int have;
        private final int need;

        public NotEnoughSymbols(String what, int have, int need) {
            super("too few " + what + " to decode: have " + have + ", need " + need);
            this.have = have;
            this.need = need;
        }

        public int have() {
            return have;
        }

        public int need() {
            return need;
        }
    }

    /** Metadata that does not belong to the blob ID it came with, or is malformed. */
    public static final class MetadataMismatch extends CodecException {
        private static final long serialVersionUID = 1L;

        public MetadataMismatch(String message) {
            super(message);
        }
    }

    /** A recovery symbol whose proof does not lead to the source sliver's hash, or of the wrong shape. */
    public static final class InvalidRecoverySymbol extends CodecException {
        private static final long serialVersionUID = 1L;

        public InvalidRecoverySymbol(String message) {
            super(message);
        }
    }

    /** Decoding succeeded but the result does not re-encode to the metadata (the blob is inconsistent). */
    public static final class InconsistentBlob extends CodecException {
        private static final long serialVersionUID = 1L;

        public InconsistentBlob(String message) {
            super(message);
        }
    }

    /** A quilt that cannot be built or parsed (QuiltV1); {@link #reason()} says which rule failed. */
    public static final class InvalidQuilt extends CodecException {
        private static final long serialVersionUID = 1L;

        /** The rule a quilt broke. */
        public enum Reason {
            TOO_MANY_PATCHES, OVERSIZE, INVALID_IDENTIFIER, DUPLICATE_IDENTIFIER, INVALID_TAGS, MALFORMED
        }

        private final Reason reason;

        public InvalidQuilt(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
