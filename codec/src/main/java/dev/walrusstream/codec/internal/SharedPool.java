package dev.walrusstream.codec.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Process-wide codec worker pools, one per size, of daemon threads. */
public final class SharedPool {
    private static final ConcurrentHashMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

    private SharedPool() {
    }

    public static ExecutorService get(int workers) {
        return POOLS.computeIfAbsent(workers, w -> {
            AtomicInteger id = new AtomicInteger();
            return Executors.newFixedThreadPool(w, r -> {
                Thread t = new Thread(r, "redstuff-" + w + "-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        });
    }
}
