package dev.walrusstream.sui.chain.internal;

import dev.walrusstream.sui.rpc.Checkpoint;
import dev.walrusstream.sui.rpc.CheckpointStream;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.SuiRpcException;

import java.time.Duration;
import java.util.Optional;

/**
 * Learns the newest checkpoint with little delay: a background thread reads a
 * {@code SubscribeCheckpoints} stream (sequence numbers only) and wakes waiters; when the stream
 * fails it is opened again after a pause, and waiters fall back to asking for the latest
 * checkpoint. Started on first use.
 */
final class CheckpointWaiter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CheckpointWaiter.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);

    private final SuiClient client;
    private Thread thread;
    private volatile CheckpointStream stream;
    private volatile boolean closed;
    private long latest = -1;

    CheckpointWaiter(SuiClient client) {
        this.client = client;
    }

    /** The newest checkpoint's sequence number, asking the node. */
    long height() {
        long h = client.latestCheckpoint("sequence_number").sequenceNumber();
        synchronized (this) {
            latest = Math.max(latest, h);
            return latest;
        }
    }

    /** Waits until a checkpoint above {@code height} exists or {@code timeout} passes; returns the newest known. */
    long awaitAbove(long height, Duration timeout) {
        start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (latest <= height && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, Math.min(left / 1_000_000, POLL.toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return latest;
                }
                if (latest <= height && (thread == null || stream == null)) {
                    break; // no stream: let the caller poll
                }
            }
            if (latest > height) {
                return latest;
            }
        }
        return height();
    }

    private synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        thread = new Thread(this::follow, "sui-checkpoint-waiter");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        long pause = 200;
        while (!closed) {
            try (CheckpointStream s = client.subscribeCheckpoints("sequence_number")) {
                stream = s;
                while (!closed) {
                    Optional<Checkpoint> cp = s.next(Duration.ofSeconds(10));
                    if (cp.isPresent()) {
                        pause = 200;
                        synchronized (this) {
                            latest = Math.max(latest, cp.get().sequenceNumber());
                            notifyAll();
                        }
                    }
                }
            } catch (SuiRpcException | IllegalStateException e) {
                stream = null;
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, "checkpoint stream ended, opening it again in " + pause + " ms: "
                        + e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return;
                }
                pause = Math.min(5_000, pause * 2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        CheckpointStream s = stream;
        if (s != null) {
            s.close();
        }
        Thread t;
        synchronized (this) {
            notifyAll();
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
