package dev.walrusstream.client.dataset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used cache of decoded, verified blob contents (whole segments), by key.
 * Holds at most {@code maxBytes} bytes of values; a value larger than the bound is never cached.
 * Thread-safe.
 */
public final class BlobCache {
    /** Loads a value on a miss. */
    @FunctionalInterface
    public interface Loader {
        byte[] load() throws Exception;
    }

    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    public BlobCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache bound must not be negative, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public static BlobCache none() {
        return new BlobCache(0);
    }

    public byte[] get(String key, Loader loader) throws Exception {
        synchronized (this) {
            byte[] v = entries.get(key);
            if (v != null) {
                hits++;
                return v;
            }
            misses++;
        }
        byte[] v = loader.load();
        put(key, v);
        return v;
    }

    private synchronized void put(String key, byte[] v) {
        if (v.length > maxBytes || entries.containsKey(key)) {
            return;
        }
        entries.put(key, v);
        bytes += v.length;
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            bytes -= e.getValue().length;
            it.remove();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
