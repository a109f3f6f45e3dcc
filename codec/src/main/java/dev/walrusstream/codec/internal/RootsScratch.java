package dev.walrusstream.codec.internal;

import dev.walrusstream.codec.rs.ShardBuffer;

import java.util.ArrayDeque;

/**
 * The work area, parity and leaf buffers of one {@link SliverRoots} call, lent from a small shared
 * pool. Storage nodes verify every sliver they receive, on many request threads; allocating these
 * buffers per call was the nodes' largest source of garbage (a work area and a parity batch per
 * request). The pool keeps at most {@link #MAX_IDLE} idle sets, each of at most
 * {@link #MAX_POOLED_BYTES} and all together at most {@link #MAX_IDLE_BYTES}; a call that finds
 * none allocates its own, and a set the pool cannot keep is dropped after use.
 */
final class RootsScratch {
    /** Idle sets kept: one per processor, at least two. */
    static final int MAX_IDLE = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Largest set worth keeping: big symbols (large blobs at large n) get fresh buffers per call. */
    static final long MAX_POOLED_BYTES = 24L << 20;
    /** Most bytes the idle sets hold together, however many processors there are. */
    static final long MAX_IDLE_BYTES = 64L << 20;

    private static final ArrayDeque<RootsScratch> IDLE = new ArrayDeque<>();
    private static long idleBytes;

    private ShardBuffer work;
    private byte[] parity = new byte[0];
    private byte[] leaves = new byte[0];

    private RootsScratch() {
    }

    /** An idle set from the pool, or a new empty one. */
    static RootsScratch take() {
        synchronized (IDLE) {
            RootsScratch s = IDLE.pollFirst();
            if (s != null) {
                idleBytes -= s.bytes();
                return s;
            }
        }
        return new RootsScratch();
    }

    /** Back to the pool, unless the pool is full or the set is too large to keep. */
    static void give(RootsScratch s) {
        long bytes = s.bytes();
        if (bytes > MAX_POOLED_BYTES) {
            return;
        }
        synchronized (IDLE) {
            if (IDLE.size() < MAX_IDLE && idleBytes + bytes <= MAX_IDLE_BYTES) {
                IDLE.addFirst(s);
                idleBytes += bytes;
            }
        }
    }

    /** Idle sets in the pool now. */
    static int idle() {
        synchronized (IDLE) {
            return IDLE.size();
        }
    }

    /** Bytes the idle sets hold now. */
    static long idleBytes() {
        synchronized (IDLE) {
            return idleBytes;
        }
    }

    /** A work area of this shape: the kept one when it matches, else a new one (which is kept instead). */
    ShardBuffer work(int shardCount, int symbolSize, int symbolsPerShard) {
        if (work == null || !work.hasShape(shardCount, symbolSize, symbolsPerShard)) {
            work = new ShardBuffer(shardCount, symbolSize, symbolsPerShard);
        }
        return work;
    }

    /** At least {@code length} bytes; the contents are whatever the last user left. */
    byte[] parity(int length) {
        if (parity.length < length) {
            parity = new byte[length];
        }
        return parity;
    }

    /** At least {@code length} bytes; the contents are whatever the last user left. */
    byte[] leaves(int length) {
        if (leaves.length < length) {
            leaves = new byte[length];
        }
        return leaves;
    }

    long bytes() {
        return (work == null ? 0 : work.data().length) + (long) parity.length + leaves.length;
    }
}
