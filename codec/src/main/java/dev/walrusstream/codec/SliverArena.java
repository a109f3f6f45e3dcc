package dev.walrusstream.codec;

import dev.walrusstream.codec.hash.MerkleTree;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reusable output buffers for {@link RedStuff#encode(RedStuffParams, byte[], int, int, SliverArena)}:
 * the 2n sliver arrays and the n × n leaf-hash table of one blob shape (shard count and symbol
 * size), kept from one blob to the next so that encoding a stream of equally shaped blobs allocates
 * (and makes the collector copy) almost nothing. At n = 1000 that is ≈ 4.5 × the blob plus 32 MB
 * that the allocating {@code encode} hands to the garbage collector after every blob.
 *
 * <p>The {@link EncodedBlob} an arena encode returns is a view of the arena: it stays valid until
 * the next encode with the same arena, after which its sliver accessors throw
 * {@link IllegalStateException}. Slivers taken from it earlier share the arena's arrays: copy them
 * ({@code data().clone()}) to keep them past that point. A blob of another shape reallocates the
 * buffers. One encode at a time per arena; a concurrent second encode fails instead of corrupting
 * the first.
 *
 * <p>An arena lent out by a {@link SliverArenaPool} is also counted: the blob's holders
 * ({@link EncodedBlob#retain()}, {@link EncodedBlob#release()}) keep it from going back to the pool,
 * and so from being encoded into again, until the last of them lets go.
 */
public final class SliverArena {
    private final AtomicBoolean busy = new AtomicBoolean();
    private int nShards;
    private int symbolSize;
    private byte[][] primary;
    private byte[][] secondary;
    private byte[] leaves;
    private long generation;
    private long allocations;
    /** Holders of the current blob while the arena is lent out by a pool; 0 otherwise. Guarded by this. */
    private int holds;
    /** Where the arena goes when its last holder lets go: set by the pool that lent it, else null. */
    private Consumer<SliverArena> whenFree;
    /** Set once a pool lent the arena: from then on holders are counted. */
    private volatile boolean pooled;

    private SliverArena() {
    }

    public static SliverArena create() {
        return new SliverArena();
    }

    /** How many times the buffers were (re)allocated: 1 after any number of equally shaped blobs. */
    public synchronized long allocations() {
        return allocations;
    }

    /** Bytes held by the buffers (0 before the first encode). */
    public synchronized long retainedBytes() {
        if (primary == null) {
            return 0;
        }
        return (long) primary.length * primary[0].length + (long) secondary.length * secondary[0].length
                + leaves.length;
    }

    /** Whether the buffers are already of the shape an encode with these parameters needs. */
    synchronized boolean shaped(RedStuffParams params, int s) {
        return primary != null && nShards == params.nShards() && symbolSize == s;
    }

    /** A pool lends the arena: one holder (the borrower) from now until {@code whenFree} gets it back. */
    synchronized void lend(Consumer<SliverArena> whenFree) {
        this.whenFree = whenFree;
        holds = 1;
        pooled = true;
    }

    /** One more holder of the current blob; nothing for an arena no pool lent. */
    void retain(long leaseGeneration) {
        if (!pooled) {
            return;
        }
        synchronized (this) {
            if (generation != leaseGeneration || holds == 0) {
                throw new IllegalStateException("retain of a blob whose SliverArena was already released (encode "
                        + leaseGeneration + ", the arena is at " + generation + ")");
            }
            holds++;
        }
    }

    /** One holder fewer; the last one hands the arena back to the pool that lent it (outside this lock). */
    void release(long leaseGeneration) {
        if (!pooled) {
            return;
        }
        Consumer<SliverArena> back;
        synchronized (this) {
            if (generation != leaseGeneration || holds == 0) {
                throw new IllegalStateException("release of a blob whose SliverArena has no holder left (encode "
                        + leaseGeneration + ", the arena is at " + generation + ")");
            }
            if (--holds > 0) {
                return;
            }
            back = whenFree;
            whenFree = null;
        }
        back.accept(this);
    }

    /** Takes the arena for one encode of the given shape; the caller must {@link #release()} it. */
    synchronized Lease acquire(RedStuffParams params, int s) {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("this SliverArena is already encoding a blob; use one arena per thread");
        }
        int n = params.nShards();
        if (primary == null || nShards != n || symbolSize != s) {
            primary = new byte[n][params.sliverLength(SliverType.PRIMARY, s)];
            secondary = new byte[n][params.sliverLength(SliverType.SECONDARY, s)];
            leaves = new byte[n * n * MerkleTree.NODE];
            nShards = n;
            symbolSize = s;
            allocations++;
        }
        generation++;
        return new Lease(this, generation, primary, secondary, leaves);
    }

    void release() {
        busy.set(false);
    }

    synchronized boolean isCurrent(long leaseGeneration) {
        return generation == leaseGeneration;
    }

    /** The buffers of one encode, and the generation that tells whether they were reused since. */
    record Lease(SliverArena arena, long generation, byte[][] primary, byte[][] secondary, byte[] leaves) {
        void retain() {
            arena.retain(generation);
        }

        void release() {
            arena.release(generation);
        }

        void checkCurrent() {
            if (!arena.isCurrent(generation)) {
                throw new IllegalStateException("this EncodedBlob's slivers were overwritten: its SliverArena encoded "
                        + "another blob since (encode " + generation + ", the arena is at "
                        + arena.currentGeneration() + "); copy the slivers you keep before reusing the arena");
            }
        }
    }

    synchronized long currentGeneration() {
        return generation;
    }
}
