package dev.walrusstream.node.internal;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.SliverType;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Uploads sent with {@code ?pending=true} before the node has seen the blob's registration: verified
 * metadata and slivers held in memory, bounded in bytes, dropped after a time-to-live. When the
 * registration arrives the node persists them.
 */
public final class PendingUploads {
    private final long maxBytes;
    private final long ttlNanos;
    private final Map<BlobId, Entry> entries = new LinkedHashMap<>();
    private long bytes;

    /** Buffered data of one blob. */
    public static final class Entry {
        final long createdNanos;
        BlobMetadata metadata;
        long size;
        final Map<String, byte[]> slivers = new LinkedHashMap<>();

        Entry(long createdNanos) {
            this.createdNanos = createdNanos;
        }

        public BlobMetadata metadata() {
            return metadata;
        }

        /** Buffered slivers keyed {@code "primary/3"}, {@code "secondary/3"} (type and pair index). */
        public Map<String, byte[]> slivers() {
            return slivers;
        }
    }

    public PendingUploads(long maxBytes, Duration ttl) {
        this.maxBytes = maxBytes;
        this.ttlNanos = ttl.toNanos();
    }

    static String key(SliverType type, int pair) {
        return type.label() + "/" + pair;
    }

    private void expire() {
        long now = System.nanoTime();
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (now - e.createdNanos > ttlNanos) {
                bytes -= e.size;
                it.remove();
            }
        }
    }

    private void reserve(long size, String what) {
        if (size > maxBytes) {
            throw NodeError.failedPrecondition("SLIVER_TOO_LARGE", what + " of " + size + " bytes is larger than the "
                    + maxBytes + "-byte pending-upload cache", "size", size, "limit", maxBytes);
        }
        if (bytes + size > maxBytes) {
            throw NodeError.failedPrecondition("CACHE_SATURATED", "pending upload cache is saturated (" + bytes + " of "
                    + maxBytes + " bytes used); retry once the node has seen the registration", "used", bytes,
                    "limit", maxBytes);
        }
    }

    /** Buffers verified metadata; false if it was already buffered. */
    public synchronized boolean putMetadata(BlobId blobId, BlobMetadata metadata) {
        expire();
        Entry e = entries.get(blobId);
        if (e != null && e.metadata != null) {
            return false;
        }
        long size = metadata.nShards() * 66L + 16;
        reserve(size, "metadata");
        if (e == null) {
            e = new Entry(System.nanoTime());
            entries.put(blobId, e);
        }
        e.metadata = metadata;
        e.size += size;
        bytes += size;
        return true;
    }

    public synchronized BlobMetadata metadata(BlobId blobId) {
        expire();
        Entry e = entries.get(blobId);
        return e == null ? null : e.metadata;
    }

    /** What {@link #putSliver} did. */
    public enum Put {
        ADDED,
        ALREADY,
        /** The blob's metadata is not (or no longer) buffered: flushed, expired or never sent. */
        GONE
    }

    /** Buffers a verified sliver beside its buffered metadata. */
    public synchronized Put putSliver(BlobId blobId, SliverType type, int pair, byte[] bcs) {
        expire();
        Entry e = entries.get(blobId);
        if (e == null || e.metadata == null) {
            return Put.GONE;
        }
        if (e.slivers.containsKey(key(type, pair))) {
            return Put.ALREADY;
        }
        reserve(bcs.length, type.label() + " sliver");
        e.slivers.put(key(type, pair), bcs);
        e.size += bcs.length;
        bytes += bcs.length;
        return Put.ADDED;
    }

    public synchronized boolean hasSliver(BlobId blobId, SliverType type, int pair) {
        Entry e = entries.get(blobId);
        return e != null && e.slivers.containsKey(key(type, pair));
    }

    /** Takes the blob's buffered data out of the cache (null if none). */
    public synchronized Entry remove(BlobId blobId) {
        Entry e = entries.remove(blobId);
        if (e != null) {
            bytes -= e.size;
        }
        return e;
    }

    public synchronized long bytes() {
        return bytes;
    }
}
