package dev.walrusstream.schemas.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small thread-safe LRU map. Loads outside the lock so one slow registry call does not block other keys. */
public final class BoundedCache<K, V> {
    private final Map<K, V> map;

    public BoundedCache(int capacity) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public V get(K key) {
        synchronized (map) {
            return map.get(key);
        }
    }

    public void put(K key, V value) {
        synchronized (map) {
            map.put(key, value);
        }
    }

    /** The cached value, or the loaded one (then cached). The loader may throw; nothing is cached then. */
    public V computeIfAbsent(K key, Function<K, V> loader) {
        V v = get(key);
        if (v != null) {
            return v;
        }
        v = loader.apply(key);
        put(key, v);
        return v;
    }

    public int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
