package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.RegistrationBatch;
import dev.walrusstream.chain.Results;
import dev.walrusstream.client.StorageClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers the registrations of blobs stored at the same time into one {@link Chain#registerBlobs}
 * transaction. The first blob ready to register opens a batch and waits for others, at most
 * {@code maxWait}; the batch goes as soon as it holds {@code maxBlobs} or the wait is over. While
 * the writer flushes for a checkpoint ({@link #draining}) it goes as soon as no other blob is being
 * prepared ({@link #arrive}/{@link #leave} count them: blobs still encoding or checking the chain
 * may join, blobs already registered or uploading cannot).
 *
 * <p>The batch holds the calls (blob IDs, root hashes, sizes), never the blobs. Blobs of the same
 * registration (the same content twice) share one. When the chain refuses the batch for one blob's
 * reason, nothing was registered, and each blob registers on its own, so the others go through and
 * the refused one gets its own refusal. When the chain cannot be reached, every blob of the batch
 * gets that failure; the store's retry then finds any registration that did land and reuses it, so
 * nothing is paid twice. Thread-safe.
 */
public final class RegistrationBatcher implements StorageClient.Registrar {
    private final Chain chain;
    private final int maxBlobs;
    private final long maxWaitNanos;
    private final Object lock = new Object();
    /** Blobs being prepared that have not come to register yet. */
    private int preparing;
    private Batch open;
    private final ThreadLocal<Boolean> counted = ThreadLocal.withInitial(() -> false);
    private final AtomicLong transactions = new AtomicLong();
    /** The writer is flushing for a checkpoint: a batch waits only for blobs already being prepared. */
    private boolean draining;

    public RegistrationBatcher(Chain chain, int maxBlobs, Duration maxWait) {
        if (maxBlobs < 1) {
            throw new IllegalArgumentException("a registration batch holds at least 1 blob, got " + maxBlobs);
        }
        this.chain = chain;
        this.maxBlobs = maxBlobs;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** One batch: the calls, then each call's outcome (a registration, or the exception of its refusal). */
    private static final class Batch {
        final List<RegistrationBatch.Call> calls = new ArrayList<>();
        final long deadline;
        final CountDownLatch done = new CountDownLatch(1);
        Object[] outcomes;

        Batch(long deadline) {
            this.deadline = deadline;
        }
    }

    /** A blob is about to be prepared (before it is encoded): an open batch waits for it. */
    public void arrive() {
        synchronized (lock) {
            if (!counted.get()) {
                counted.set(true);
                preparing++;
            }
        }
    }

    /** The blob's preparation ended (registered or not). */
    public void leave() {
        synchronized (lock) {
            uncount();
        }
    }

    private void uncount() {
        if (counted.get()) {
            counted.set(false);
            preparing--;
            lock.notifyAll();
        }
    }

    /**
     * The writer starts ({@code true}) or ends ({@code false}) flushing for a checkpoint: while it
     * flushes, no new blob can arrive, so a batch goes as soon as no other blob is being prepared
     * instead of waiting out the window (the checkpoint is not held up).
     */
    public void draining(boolean on) {
        synchronized (lock) {
            draining = on;
            lock.notifyAll();
        }
    }

    /** Registration transactions sent so far (batches and single registrations). */
    public long transactions() {
        return transactions.get();
    }

    @Override
    public Results.Registration register(RegistrationBatch.Call call) throws InterruptedException {
        if (maxBlobs == 1) {
            synchronized (lock) {
                uncount();
            }
            return alone(call);
        }
        Batch batch;
        int index;
        boolean leader = false;
        synchronized (lock) {
            uncount();
            if (open != null && open.calls.size() >= maxBlobs) {
                open = null; // full: its leader sends it
            }
            if (open != null && conflicts(open.calls, call)) {
                // the same blob with another lifetime or size: a batch names each blob once
                batch = null;
                index = -1;
            } else {
                if (open == null) {
                    open = new Batch(System.nanoTime() + maxWaitNanos);
                    leader = true;
                }
                batch = open;
                index = indexOf(batch.calls, call);
                if (index < 0) {
                    batch.calls.add(call);
                    index = batch.calls.size() - 1;
                }
                lock.notifyAll();
                if (leader) {
                    try {
                        long left;
                        while (batch.calls.size() < maxBlobs && (!draining || preparing > 0)
                                && (left = batch.deadline - System.nanoTime()) > 0) {
                            lock.wait(Math.max(1, left / 1_000_000), 0);
                        }
                    } catch (InterruptedException e) {
                        // the writer is closing: nothing was sent; the blobs that joined fail and are retried
                        if (open == batch) {
                            open = null;
                        }
                        Object[] outcomes = new Object[batch.calls.size()];
                        Arrays.fill(outcomes, new ChainException.Unavailable("registration batch interrupted before "
                                + "it was sent", e));
                        batch.outcomes = outcomes;
                        batch.done.countDown();
                        throw e;
                    }
                    if (open == batch) {
                        open = null;
                    }
                }
            }
        }
        if (batch == null) {
            return alone(call);
        }
        if (leader) {
            send(batch);
        }
        batch.done.await();
        Object outcome = batch.outcomes[index];
        if (outcome instanceof Results.Registration r) {
            return r;
        }
        if (outcome instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) outcome;
    }

    private Results.Registration alone(RegistrationBatch.Call c) {
        transactions.incrementAndGet();
        return chain.reserveAndRegister(c.blobId(), c.rootHash(), c.size(), c.encodingType(), c.deletable(),
                c.epochsAhead());
    }

    /** Sends the sealed batch and records every call's outcome; refused for one blob's reason, each goes alone. */
    private void send(Batch batch) {
        List<RegistrationBatch.Call> calls = List.copyOf(batch.calls);
        Object[] outcomes = new Object[calls.size()];
        try {
            if (calls.size() == 1) {
                outcomes[0] = alone(calls.get(0));
            } else {
                transactions.incrementAndGet();
                Results.Registrations done = chain.registerBlobs(new RegistrationBatch(calls));
                for (int i = 0; i < calls.size(); i++) {
                    outcomes[i] = done.registrations().get(i);
                }
            }
        } catch (ChainException.RuleViolation refused) {
            // an atomic refusal registered nothing: isolate the culprit, the others go through
            for (int i = 0; i < calls.size(); i++) {
                try {
                    outcomes[i] = calls.size() == 1 ? refused : alone(calls.get(i));
                } catch (RuntimeException | Error e) {
                    outcomes[i] = e;
                }
            }
        } catch (RuntimeException | Error e) {
            Arrays.fill(outcomes, e);
        } finally {
            batch.outcomes = outcomes;
            batch.done.countDown();
        }
    }

    private static boolean sameBlob(RegistrationBatch.Call a, RegistrationBatch.Call b) {
        return a.blobId().equals(b.blobId()) && a.deletable() == b.deletable();
    }

    private static boolean identical(RegistrationBatch.Call a, RegistrationBatch.Call b) {
        return sameBlob(a, b) && a.size() == b.size() && a.encodingType() == b.encodingType()
                && a.epochsAhead() == b.epochsAhead() && Arrays.equals(a.rootHash(), b.rootHash());
    }

    private static int indexOf(List<RegistrationBatch.Call> calls, RegistrationBatch.Call call) {
        for (int i = 0; i < calls.size(); i++) {
            if (identical(calls.get(i), call)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean conflicts(List<RegistrationBatch.Call> calls, RegistrationBatch.Call call) {
        for (RegistrationBatch.Call c : calls) {
            if (sameBlob(c, call) && !identical(c, call)) {
                return true;
            }
        }
        return false;
    }
}
