package dev.walrusstream.codec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * {@link SliverArena}s for a writer that stores a few blobs at a time: {@link #encode} encodes into an
 * idle arena of the blob's shape (shard count and symbol size), else into a new one, and returns the
 * blob with one holder, the caller. An idle arena of another shape is left alone: a pipeline mixes
 * full segments with short tails and quilts, and reshaping the full segments' arena for a quilt would
 * make the next segment allocate it again. Whoever still reads the slivers (an upload to a slow node
 * after the quorum) {@link EncodedBlob#retain() retains} the blob; when the last holder
 * {@link EncodedBlob#release() releases} it, the arena comes back. At most {@code maxIdle} arenas are
 * kept idle, the largest ones (the dearest to allocate again); the rest are left to the collector, so
 * what the pool keeps is bounded by {@code maxIdle} blobs' slivers (≈ 4.5 × the blob size each, plus
 * n² × 32 bytes of leaf hashes). Thread-safe.
 */
public final class SliverArenaPool {
    private final RedStuff codec;
    private final int maxIdle;
    private final Deque<SliverArena> idle = new ArrayDeque<>();
    private long created;
    private int lent;

    public SliverArenaPool(RedStuff codec, int maxIdle) {
        if (codec == null) {
            throw new IllegalArgumentException("codec is required");
        }
        if (maxIdle < 1) {
            throw new IllegalArgumentException("maxIdle must be at least 1: " + maxIdle);
        }
        this.codec = codec;
        this.maxIdle = maxIdle;
    }

    /**
     * Encodes {@code length} bytes of {@code data} from {@code offset} into an arena of this pool. The
     * caller holds the result and must {@link EncodedBlob#release()} it once; the slivers are valid until
     * the last holder released them.
     */
    public EncodedBlob encode(RedStuffParams params, byte[] data, int offset, int length) {
        SliverArena arena = take(params, params.symbolSize(length));
        EncodedBlob blob;
        try {
            blob = codec.encode(params, data, offset, length, arena);
        } catch (RuntimeException e) {
            keep(arena);
            throw e;
        }
        synchronized (this) {
            lent++;
        }
        arena.lend(this::giveBack);
        return blob;
    }

    private synchronized SliverArena take(RedStuffParams params, int symbolSize) {
        for (Iterator<SliverArena> it = idle.iterator(); it.hasNext(); ) {
            SliverArena a = it.next();
            if (a.shaped(params, symbolSize)) {
                it.remove();
                return a;
            }
        }
        created++;
        return SliverArena.create();
    }

    private synchronized void giveBack(SliverArena arena) {
        lent--;
        keep(arena);
        notifyAll();
    }

    private synchronized void keep(SliverArena arena) {
        if (idle.size() < maxIdle) {
            idle.addLast(arena);
            return;
        }
        SliverArena smallest = null;
        for (SliverArena a : idle) {
            if (smallest == null || a.retainedBytes() < smallest.retainedBytes()) {
                smallest = a;
            }
        }
        if (smallest != null && smallest.retainedBytes() < arena.retainedBytes()) {
            idle.remove(smallest);
            idle.addLast(arena);
        }
    }

    /** Blobs encoded by this pool that some holder has not released yet. */
    public synchronized int lent() {
        return lent;
    }

    /**
     * Waits until every blob this pool encoded was released by all its holders (uploads to slow nodes
     * included), or {@code timeout} passed; true when none is held.
     */
    public synchronized boolean awaitReleased(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lent > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Arenas idle in the pool now. */
    public synchronized int idle() {
        return idle.size();
    }

    /** Arenas the pool has created so far (each allocates its buffers on its first encode). */
    public synchronized long created() {
        return created;
    }

    /** Buffer bytes the idle arenas keep. */
    public synchronized long idleBytes() {
        long sum = 0;
        for (SliverArena a : idle) {
            sum += a.retainedBytes();
        }
        return sum;
    }
}
