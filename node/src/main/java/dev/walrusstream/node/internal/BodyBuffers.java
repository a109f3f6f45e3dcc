package dev.walrusstream.node.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Arrays for sliver-batch request bodies, reused from one request to the next: a node reads a few MiB of
 * batch bodies per blob, and a fresh array for each is zeroed, filled, and left to the garbage collector.
 * A body is handed out with {@link #take} and must come back with {@link #give} once nothing refers to it
 * (the slivers in it are stored, buffered as copies, or refused). Bounded: at most {@code maxArrays} arrays
 * of at most {@code maxPooledBytes} each are kept; larger bodies get arrays of their own.
 */
final class BodyBuffers {
    /** Arrays are sized in steps of this, so bodies of nearly the same size share them. */
    static final int GRAIN = 256 << 10;

    private final int maxArrays;
    private final int maxPooledBytes;
    private final List<byte[]> free = new ArrayList<>();

    BodyBuffers(int maxArrays, int maxPooledBytes) {
        if (maxArrays < 0 || maxPooledBytes < 0) {
            throw new IllegalArgumentException("maxArrays " + maxArrays + " and maxPooledBytes " + maxPooledBytes
                    + " must not be negative");
        }
        this.maxArrays = maxArrays;
        this.maxPooledBytes = maxPooledBytes;
    }

    /** An array of at least {@code length} bytes (its contents are not cleared). */
    byte[] take(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("a body of " + length + " bytes");
        }
        if (length > maxPooledBytes) {
            return new byte[length];
        }
        synchronized (free) {
            int best = -1;
            for (int i = 0; i < free.size(); i++) {
                int size = free.get(i).length;
                if (size >= length && (best < 0 || size < free.get(best).length)) {
                    best = i;
                }
            }
            if (best >= 0) {
                return free.remove(best);
            }
        }
        long rounded = ((long) length + GRAIN - 1) / GRAIN * GRAIN;
        return new byte[(int) Math.min(Math.max(rounded, 1), maxPooledBytes)];
    }

    /** Returns an array {@link #take} handed out; kept when there is room, else left to the collector. */
    void give(byte[] array) {
        if (array.length > maxPooledBytes) {
            return;
        }
        synchronized (free) {
            if (free.size() < maxArrays) {
                free.add(array);
            }
        }
    }

    /** Arrays kept now (for tests). */
    int pooled() {
        synchronized (free) {
            return free.size();
        }
    }
}
