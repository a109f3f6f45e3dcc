package dev.walrusstream.codec;

/**
 * Everything encoding a blob produces: metadata, blob ID and all 2n slivers. Slivers are indexed
 * by sliver index; {@link #pairPrimary(int)} and {@link #pairSecondary(int)} give them by pair.
 */
public final class EncodedBlob {
    private final RedStuffParams params;
    private final int symbolSize;
    private final byte[][] primary;
    private final byte[][] secondary;
    private final BlobMetadata metadata;
    private final BlobId blobId;
    /** Set when the slivers live in a {@link SliverArena}: tells whether the arena reused them since. */
    private final SliverArena.Lease lease;

    public EncodedBlob(RedStuffParams params, int symbolSize, byte[][] primary, byte[][] secondary,
                       BlobMetadata metadata) {
        this(params, symbolSize, primary, secondary, metadata, null);
    }

    EncodedBlob(RedStuffParams params, int symbolSize, byte[][] primary, byte[][] secondary,
                BlobMetadata metadata, SliverArena.Lease lease) {
        this.lease = lease;
        this.params = params;
        this.symbolSize = symbolSize;
        this.primary = primary;
        this.secondary = secondary;
        this.metadata = metadata;
        this.blobId = metadata.blobId();
    }

    /**
     * One more holder of the slivers: while any holder remains, the {@link SliverArenaPool} that lent
     * the blob's arena does not encode into it again. Each {@code retain} needs one {@link #release()}.
     * Nothing for slivers allocated by the encode.
     *
     * @throws IllegalStateException when the last holder already released the blob
     */
    public void retain() {
        if (lease != null) {
            lease.retain();
        }
    }

    /** Lets go of the slivers (see {@link #retain()}): the last release gives the arena back to its pool. */
    public void release() {
        if (lease != null) {
            lease.release();
        }
    }

    public RedStuffParams params() {
        return params;
    }

    public int nShards() {
        return params.nShards();
    }

    public int symbolSize() {
        return symbolSize;
    }

    public long unencodedLength() {
        return metadata.unencodedLength();
    }

    public BlobMetadata metadata() {
        return metadata;
    }

    public BlobId blobId() {
        return blobId;
    }

    /**
     * @throws IllegalStateException when this blob was encoded into a {@link SliverArena} that has
     *                               encoded another blob since (its slivers are gone)
     */
    public Sliver sliver(SliverType type, int index) {
        params.checkIndex(index, type.label() + " sliver index");
        if (lease != null) {
            lease.checkCurrent();
        }
        byte[] data = type == SliverType.PRIMARY ? primary[index] : secondary[index];
        return new Sliver(type, index, symbolSize, data);
    }

    public Sliver primarySliver(int index) {
        return sliver(SliverType.PRIMARY, index);
    }

    public Sliver secondarySliver(int index) {
        return sliver(SliverType.SECONDARY, index);
    }

    /** Primary sliver of pair {@code pairIndex} (index p). */
    public Sliver pairPrimary(int pairIndex) {
        return primarySliver(pairIndex);
    }

    /** Secondary sliver of pair {@code pairIndex} (index n−1−p). */
    public Sliver pairSecondary(int pairIndex) {
        return secondarySliver(params.secondaryIndexOfPair(pairIndex));
    }

    public long encodedLength() {
        return params.encodedLength(metadata.unencodedLength());
    }
}
