package dev.walrusstream.codec.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks 0..count-1 on a pool, or inline when there is no pool. The calling thread
 * takes part, so a pool of t−1 workers plus the caller uses t cores.
 */
public final class Parallel {
    private final ExecutorService pool;
    private final int threads;

    private Parallel(ExecutorService pool, int threads) {
        this.pool = pool;
        this.threads = threads;
    }

    public static Parallel sequential() {
        return new Parallel(null, 1);
    }

    /** @param threads total threads to use including the caller; the pool must have threads−1 workers. */
    public static Parallel on(ExecutorService pool, int threads) {
        return threads <= 1 || pool == null ? sequential() : new Parallel(pool, threads);
    }

    public int threads() {
        return threads;
    }

    public void forEach(int count, IntConsumer task) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        };
        List<Future<?>> futures = new ArrayList<>();
        int helpers = Math.min(threads - 1, count - 1);
        for (int t = 0; t < helpers; t++) {
            futures.add(pool.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while encoding", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
