package dev.walrusstream.sink.internal;

import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.SinkSettings;
import dev.walrusstream.sink.WalrusCommittable;
import dev.walrusstream.sink.WalrusCommittable.Failure;
import dev.walrusstream.sink.WalrusCommittable.Status;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink's plain service: encodes a blob task with Red Stuff and stores it up to the certificate
 * ({@link #prepare}), then certifies it ({@link #certify}). Each failure is handled by its
 * {@link FailureClass}: transient ones are retried with capped, jittered backoff and never fail the
 * task; one permanent for the blob settles it as ERROR (it gets an ERROR receipt); one permanent for
 * the job pauses the sink ({@link PauseState}) and is retried until it passes, so nothing is lost
 * and nothing restart-loops. Transient failures that persist for {@code storeAttempts} tries in a row
 * are reported as a pause too, so the operator hears of storage that stays unreachable.
 */
public final class BlobStorer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BlobStorer.class.getName());

    private final SinkSettings settings;
    private final BlobStore store;
    private final RedStuff codec;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final PauseState pause;
    private final AtomicLong walSpent = new AtomicLong();

    public BlobStorer(SinkSettings settings, PauseState pause) {
        this(settings, new StorageClientBlobStore(settings.clientConfigJson()), pause, Sleeper.REAL);
    }

    public BlobStorer(SinkSettings settings, BlobStore store, PauseState pause, Sleeper sleeper) {
        this.settings = settings;
        this.store = store;
        this.codec = RedStuff.create();
        this.backoff = new Backoff(settings.retryBackoff(), settings.retryBackoff().multipliedBy(30).compareTo(Duration.ofSeconds(30)) > 0
                ? settings.retryBackoff().multipliedBy(30) : Duration.ofSeconds(30));
        this.sleeper = sleeper;
        this.pause = pause;
    }

    public int nShards() {
        return store.nShards();
    }

    public PauseState pauseState() {
        return pause;
    }

    /** WAL (FROST) paid for registrations by this storer. */
    public long walSpent() {
        return walSpent.get();
    }

    /** Encodes and stores {@code task} up to its certificate, or to its final outcome. */
    public WalrusCommittable prepare(BlobTask task) throws InterruptedException {
        EncodedBlob blob;
        try {
            blob = codec.encode(RedStuffParams.of(nShards()), task.data, 0, task.data.length);
        } catch (CodecException e) {
            return WalrusCommittable.failed(task, null, 0, settings.deletable(), "encode", e.getMessage());
        }
        StoreOptions options = settings.deletable() ? StoreOptions.deletable(settings.epochs())
                : StoreOptions.permanent(settings.epochs());
        for (int attempt = 1; ; attempt++) {
            Prepared prepared = store.prepare(blob, options);
            if (prepared instanceof Prepared.Ready ready) {
                pause.resumed();
                walSpent.addAndGet(ready.cost());
                return WalrusCommittable.ready(task, blob.blobId(), blob.encodedLength(), settings.deletable(),
                        ready.object().id(), ready.object().registeredEpoch(), ready.object().endEpoch(), ready.certificate());
            }
            StoreResult result = ((Prepared.Done) prepared).result();
            WalrusCommittable base = WalrusCommittable.failed(task, blob.blobId(), blob.encodedLength(), settings.deletable(),
                    "pending", "");
            if (!(result instanceof StoreResult.Failed f)) {
                pause.resumed();
                return settled(base, result);
            }
            if (FailureClass.of(f) == FailureClass.BLOB) {
                pause.resumed();
                LOG.log(System.Logger.Level.WARNING, "storing " + task.name + " (blob " + blob.blobId() + ") failed for good in phase "
                        + f.phase().label() + ", it gets an ERROR receipt: " + f.message());
                return settled(base, f);
            }
            waitBeforeRetry("storing " + task.name, f, attempt);
        }
    }

    /**
     * Certifies a prepared committable: returns it settled (certified, already certified, or ERROR
     * for a refusal permanent for this blob). Retries transient failures and pauses on job-level
     * ones until they pass. A committable that is not READY is returned as it is.
     */
    public WalrusCommittable certify(WalrusCommittable c) throws InterruptedException {
        if (c.status() != Status.READY) {
            return c;
        }
        for (int attempt = 1; ; attempt++) {
            StoreResult result = store.certify(c.objectId(), c.certificate());
            if (!(result instanceof StoreResult.Failed f)) {
                pause.resumed();
                return settled(c, result);
            }
            if (FailureClass.of(f) == FailureClass.BLOB) {
                pause.resumed();
                LOG.log(System.Logger.Level.WARNING, "certifying " + c.name() + " failed for good: " + f.message());
                return settled(c, f);
            }
            waitBeforeRetry("certifying " + c.name(), f, attempt);
        }
    }

    private void waitBeforeRetry(String what, StoreResult.Failed f, int attempt) throws InterruptedException {
        FailureClass kind = FailureClass.of(f);
        String reason = what + " (blob " + f.blobId() + ") failed in phase " + f.phase().label() + ": " + f.message();
        if (kind == FailureClass.JOB) {
            pause.paused(reason, FailureClass.howToFix(f));
        } else if (attempt >= settings.storeAttempts()) {
            pause.paused(reason + " (" + attempt + " tries in a row)",
                    "check that the storage nodes and the chain in the client configuration are reachable");
        } else {
            LOG.log(System.Logger.Level.WARNING, reason + " (try " + attempt + ", retrying)");
        }
        sleeper.sleep(backoff.delay(attempt));
    }

    private static WalrusCommittable settled(WalrusCommittable c, StoreResult result) {
        long now = System.currentTimeMillis();
        if (result instanceof StoreResult.NewlyCreated n) {
            return c.settled(Status.NEWLY_CREATED, n.blobObject().id(), n.blobObject().registeredEpoch(),
                    n.blobObject().endEpoch(), null, now);
        } else if (result instanceof StoreResult.AlreadyCertified a) {
            return c.settled(Status.ALREADY_CERTIFIED, a.object(), c.startEpoch(), a.endEpoch(), null, now);
        } else if (result instanceof StoreResult.MarkedInvalid) {
            return c.settled(Status.MARKED_INVALID, null, c.startEpoch(), c.endEpoch(), null, now);
        }
        StoreResult.Failed f = (StoreResult.Failed) result;
        return c.settled(Status.ERROR, null, c.startEpoch(), c.endEpoch(),
                new Failure(f.phase().name().toLowerCase(Locale.ROOT), f.message()), now);
    }

    @Override
    public void close() {
        store.close();
    }
}
