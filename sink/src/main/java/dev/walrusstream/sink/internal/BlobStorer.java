package dev.walrusstream.sink.internal;

import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.SpendWindow;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.SliverArenaPool;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.Envelope;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.SinkSettings;
import dev.walrusstream.sink.WalrusCommittable;
import dev.walrusstream.sink.WalrusCommittable.Failure;
import dev.walrusstream.sink.WalrusCommittable.Status;

import java.time.Duration;
import java.util.List;
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
    /** Sliver buffers reused from blob to blob: one per blob in flight stays allocated. */
    private final SliverArenaPool arenas;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final PauseState pause;
    private final AtomicLong walSpent = new AtomicLong();
    private final KeySource keys;
    private final SpendWindow spendWindow;

    public BlobStorer(SinkSettings settings, PauseState pause) {
        this(settings, new StorageClientBlobStore(settings.clientConfigJson(), settings.registerBatchLimit(),
                settings.registerBatching().maxWait()), pause, Sleeper.REAL);
    }

    public BlobStorer(SinkSettings settings, BlobStore store, PauseState pause, Sleeper sleeper) {
        this.settings = settings;
        this.store = store;
        this.codec = RedStuff.create();
        this.arenas = new SliverArenaPool(codec, settings.blobsInFlight());
        this.backoff = new Backoff(settings.retryBackoff(), settings.retryBackoff().multipliedBy(30).compareTo(Duration.ofSeconds(30)) > 0
                ? settings.retryBackoff().multipliedBy(30) : Duration.ofSeconds(30));
        this.sleeper = sleeper;
        this.pause = pause;
        this.spendWindow = settings.limits().walPerHourFrost() > 0
                ? new SpendWindow(settings.limits().walPerHourFrost(), Duration.ofHours(1)) : null;
        try {
            this.keys = settings.encryption() == null ? null : KeySources.open(settings.encryption().keySource());
        } catch (EncryptionException e) {
            store.close();
            throw new IllegalStateException("the sink cannot open its encryption key source: " + e.getMessage(), e);
        }
    }

    public int nShards() {
        return store.nShards();
    }

    public PauseState pauseState() {
        return pause;
    }

    /** SUI (MIST) the chain charged for gas: this storer's registrations and certifications. */
    public long suiSpent() {
        return store.suiSpent();
    }

    /** WAL (FROST) paid for registrations by this storer. */
    public long walSpent() {
        return walSpent.get();
    }

    /** The writer starts or ends flushing for a checkpoint: registrations stop waiting for blobs yet to come. */
    public void draining(boolean on) {
        store.draining(on);
    }

    /** Encodes and stores {@code task} up to its certificate, or to its final outcome. */
    public WalrusCommittable prepare(BlobTask task) throws InterruptedException {
        store.arrive(); // from here on, a registration batch may wait for this blob
        try {
            if (keys == null) {
                return prepareBytes(task);
            }
            Sealed sealed = seal(task);
            return prepareBytes(sealed.task()).withEncryption(sealed.encryption());
        } finally {
            store.leave();
        }
    }

    private record Sealed(BlobTask task, WalrusCommittable.Encryption encryption) {
    }

    /**
     * The task with its bytes sealed in an envelope whose data key derives from the key source, the
     * task's name and the SHA-256 of its bytes: a task replayed after a failure makes the same blob.
     */
    private Sealed seal(BlobTask task) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(task.data);
            java.io.ByteArrayOutputStream context = new java.io.ByteArrayOutputStream();
            context.writeBytes(task.name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            context.write(0);
            context.writeBytes(digest);
            Envelope envelope = Envelope.derived(keys, context.toByteArray(), settings.encryption().chunkSizeLog2());
            BlobTask sealed = new BlobTask();
            sealed.name = task.name;
            sealed.quilt = task.quilt;
            sealed.parts = task.parts;
            sealed.data = envelope.encrypt(task.data);
            return new Sealed(sealed, new WalrusCommittable.Encryption(envelope.wrappedKey().keyId(),
                    envelope.wrappedKey().algorithm(), envelope.wrappedKey().bytes(), envelope.header().chunkSize(),
                    task.data.length));
        } catch (EncryptionException e) {
            throw new IllegalStateException("encrypting " + task.name + " with key " + keys.keyId() + " failed: "
                    + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private WalrusCommittable prepareBytes(BlobTask task) throws InterruptedException {
        EncodedBlob blob;
        try {
            blob = arenas.encode(RedStuffParams.of(nShards()), task.data, 0, task.data.length);
        } catch (CodecException e) {
            return WalrusCommittable.failed(task, null, 0, settings.deletable(), "encode", e.getMessage());
        }
        try {
            return store(task, blob);
        } finally {
            blob.release();
        }
    }

    /** Stores an encoded blob up to its certificate, or to its final outcome, retrying as its failures say. */
    private WalrusCommittable store(BlobTask task, EncodedBlob blob) throws InterruptedException {
        StoreOptions options = settings.deletable() ? StoreOptions.deletable(settings.epochs())
                : StoreOptions.permanent(settings.epochs());
        for (int attempt = 1; ; attempt++) {
            awaitHealthyShards(task);
            SpendWindow.Ticket ticket = reserveSpend(task, blob);
            Prepared prepared = store.prepare(blob, options);
            if (ticket != null) {
                ticket.settle(prepared instanceof Prepared.Ready r ? r.cost() : 0);
            }
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
            stopIfInterrupted("storing " + task.name, f);
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
     * The health gate: while fewer than n − f shards answer their health checks, the write waits
     * (the sink shows as paused with the counts) instead of paying for a registration that cannot
     * gather its confirmations.
     */
    private void awaitHealthyShards(BlobTask task) throws InterruptedException {
        if (!settings.limits().healthGate()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            StorageClient.ShardHealth h = store.shardHealth();
            if (h.writable()) {
                if (attempt > 1) {
                    pause.resumed();
                    LOG.log(System.Logger.Level.INFO, "health gate open: " + h.healthy() + " of " + h.total()
                            + " shards healthy; storing " + task.name);
                }
                return;
            }
            pause.paused("health gate: only " + h.healthy() + " of " + h.total() + " shards answer their health "
                    + "checks; writes wait for n - f = " + h.required() + " (storing " + task.name + ")",
                    "bring storage nodes back or check the network to them");
            sleeper.sleep(backoff.delay(Math.min(attempt, 4)));
        }
    }

    /** Reserves the blob's estimated cost under the hourly WAL cap, waiting (paused) while the cap is reached. */
    private SpendWindow.Ticket reserveSpend(BlobTask task, EncodedBlob blob) throws InterruptedException {
        if (spendWindow == null) {
            return null;
        }
        long estimate = store.estimateCost(blob.encodedLength(), settings.epochs());
        boolean[] waited = {false};
        SpendWindow.Ticket t = spendWindow.acquire(estimate, wait -> {
            waited[0] = true;
            pause.paused("WAL budget: " + dev.walrusstream.client.BlobKeeper.wal(spendWindow.spentInWindow())
                    + " spent in the last hour of a cap of " + dev.walrusstream.client.BlobKeeper.wal(
                    spendWindow.capFrost()) + "; storing " + task.name + " (about "
                    + dev.walrusstream.client.BlobKeeper.wal(estimate) + ") waits " + wait.toSeconds() + " s",
                    "raise budget.wal-per-hour or wait");
        });
        if (waited[0]) {
            pause.resumed();
        }
        return t;
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
            stopIfInterrupted("certifying " + c.name(), f);
            if (FailureClass.of(f) == FailureClass.BLOB) {
                pause.resumed();
                LOG.log(System.Logger.Level.WARNING, "certifying " + c.name() + " failed for good: " + f.message());
                return settled(c, f);
            }
            waitBeforeRetry("certifying " + c.name(), f, attempt);
        }
    }

    /**
     * Certifies the READY committables of {@code cs} together (one chain transaction where the store
     * can), returning each settled, in order, as {@link #certify} would. A blob refused for good is
     * settled as ERROR without holding the others back; transient and job-level failures are retried
     * (the failed ones together) until they pass.
     */
    public List<WalrusCommittable> certifyAll(List<WalrusCommittable> cs) throws InterruptedException {
        WalrusCommittable[] out = cs.toArray(new WalrusCommittable[0]);
        List<Integer> open = new java.util.ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i].status() == Status.READY) {
                open.add(i);
            }
        }
        for (int attempt = 1; !open.isEmpty(); attempt++) {
            List<dev.walrusstream.client.StorageClient.ToCertify> entries = new java.util.ArrayList<>();
            open.forEach(i -> entries.add(new dev.walrusstream.client.StorageClient.ToCertify(out[i].objectId(),
                    out[i].certificate())));
            List<StoreResult> results = store.certifyAll(entries);
            List<Integer> retry = new java.util.ArrayList<>();
            StoreResult.Failed lastFailure = null;
            for (int k = 0; k < open.size(); k++) {
                int i = open.get(k);
                StoreResult result = results.get(k);
                if (result instanceof StoreResult.Failed f) {
                    stopIfInterrupted("certifying " + out[i].name(), f);
                }
                if (result instanceof StoreResult.Failed f && FailureClass.of(f) != FailureClass.BLOB) {
                    retry.add(i);
                    lastFailure = f;
                    continue;
                }
                if (result instanceof StoreResult.Failed f) {
                    LOG.log(System.Logger.Level.WARNING, "certifying " + out[i].name() + " failed for good: "
                            + f.message());
                }
                out[i] = settled(out[i], result);
            }
            if (retry.isEmpty()) {
                pause.resumed();
                break;
            }
            waitBeforeRetry("certifying " + retry.size() + " blobs, among them " + out[retry.get(0)].name(),
                    lastFailure, attempt);
            open = retry;
        }
        return List.of(out);
    }

    private void waitBeforeRetry(String what, StoreResult.Failed f, int attempt) throws InterruptedException {
        stopIfInterrupted(what, f);
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

    /**
     * A failure while this thread is interrupted is the task being cancelled, not the chain or a node
     * failing: a gRPC call interrupted by the cancellation ends {@code CANCELLED} (and gRPC sets the
     * interrupt flag again), an HTTP call fails. It is neither retried nor logged as a failure: the
     * store stops at once with an {@link InterruptedException}, which Flink expects from a cancelled task.
     */
    private static void stopIfInterrupted(String what, StoreResult.Failed f) throws InterruptedException {
        if (Thread.interrupted()) {
            LOG.log(System.Logger.Level.DEBUG, what + " stopped: the task was interrupted (" + f.message() + ")");
            throw new InterruptedException(what + " stopped: the task was interrupted");
        }
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
