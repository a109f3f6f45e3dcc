package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.Phase;
import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.Envelope;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.SinkSettings;
import dev.walrusstream.sink.WalrusCommittable;
import dev.walrusstream.sink.WalrusCommittable.Status;

import java.time.Duration;
import java.util.ArrayList;

/**
 * The sink's plain service: encodes a blob task with Red Stuff and stores it up to the certificate
 * ({@link #prepare}), then certifies it ({@link #certify}). Transient failures are retried with
 * backoff; what still fails after the configured attempts is thrown, so Flink restarts the task from
 * its last checkpoint instead of losing the blob. Permanent outcomes (the blob ID marked invalid, a
 * blob too large for the network) become committables with that status and get a receipt.
 */
public final class BlobStorer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BlobStorer.class.getName());

    private final SinkSettings settings;
    private final Chain chain;
    private final StorageClient client;
    private final RedStuff codec;
    private final KeySource keys;

    public BlobStorer(SinkSettings settings) {
        this.settings = settings;
        ClientConfig config = ClientConfig.parse(settings.clientConfigJson(), "the sink's client configuration");
        this.chain = config.openChain();
        this.client = new StorageClient(chain, config.options());
        this.codec = RedStuff.create();
        try {
            this.keys = settings.encryption() == null ? null : KeySources.open(settings.encryption().keySource());
        } catch (EncryptionException e) {
            close();
            throw new IllegalStateException("the sink cannot open its encryption key source: " + e.getMessage(), e);
        }
    }

    public int nShards() {
        return chain.info().nShards();
    }

    /** Encodes and stores {@code task} up to its certificate. */
    public WalrusCommittable prepare(BlobTask task) throws InterruptedException {
        WalrusCommittable c = new WalrusCommittable();
        c.name = task.name;
        c.quilt = task.quilt;
        c.size = task.data.length;
        c.deletable = settings.deletable();
        c.parts = new ArrayList<>(task.parts);
        byte[] data = keys == null ? task.data : encrypt(task, c);
        EncodedBlob blob;
        try {
            blob = codec.encode(RedStuffParams.of(nShards()), data, 0, data.length);
        } catch (CodecException e) {
            return failed(c, "encode", e.getMessage());
        }
        c.blobId = blob.blobId().base64Url();
        c.encodedSize = blob.encodedLength();
        StoreOptions options = settings.deletable() ? StoreOptions.deletable(settings.epochs())
                : StoreOptions.permanent(settings.epochs());
        for (int attempt = 1; ; attempt++) {
            Prepared prepared = client.prepare(blob, options);
            if (prepared instanceof Prepared.Ready ready) {
                c.status = Status.READY;
                c.objectId = ready.object().id().toString();
                c.startEpoch = ready.object().registeredEpoch();
                c.endEpoch = ready.object().endEpoch();
                c.signature = ready.certificate().signature();
                c.signersBitmap = ready.certificate().signersBitmap();
                c.message = ready.certificate().message();
                return c;
            }
            StoreResult result = ((Prepared.Done) prepared).result();
            if (!(result instanceof StoreResult.Failed f) || f.phase() == Phase.ENCODE) {
                return settled(c, result);
            }
            if (attempt >= settings.storeAttempts()) {
                throw new StoreFailedException("storing " + task.name + " (blob " + c.blobId + ") failed " + attempt
                        + " times, last in phase " + f.phase() + ": " + f.message());
            }
            LOG.log(System.Logger.Level.WARNING, "storing " + task.name + " failed in phase " + f.phase() + " (attempt "
                    + attempt + " of " + settings.storeAttempts() + "): " + f.message());
            Thread.sleep(backoff(attempt).toMillis());
        }
    }

    /**
     * The task's bytes sealed in an envelope whose data key derives from the key source, the task's
     * name and the SHA-256 of its bytes: a task replayed after a failure makes the same blob.
     */
    private byte[] encrypt(BlobTask task, WalrusCommittable c) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(task.data);
            java.io.ByteArrayOutputStream context = new java.io.ByteArrayOutputStream();
            context.writeBytes(task.name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            context.write(0);
            context.writeBytes(digest);
            Envelope envelope = Envelope.derived(keys, context.toByteArray(), settings.encryption().chunkSizeLog2());
            byte[] sealed = envelope.encrypt(task.data);
            c.encryptionKeyId = envelope.wrappedKey().keyId();
            c.encryptionWrapAlgorithm = envelope.wrappedKey().algorithm();
            c.encryptionWrappedKey = envelope.wrappedKey().bytes();
            c.encryptionChunkSize = envelope.header().chunkSize();
            c.plaintextSize = task.data.length;
            c.size = sealed.length;
            return sealed;
        } catch (EncryptionException e) {
            throw new StoreFailedException("encrypting " + task.name + " with key " + keys.keyId() + " failed: "
                    + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * Certifies a prepared committable in place. Returns false when certifying failed for a reason
     * that may pass (the committer retries later); already certified counts as success.
     */
    public boolean certify(WalrusCommittable c) throws InterruptedException {
        if (c.status != Status.READY) {
            return true;
        }
        StoreResult result = client.certify(ObjectId.parse(c.objectId),
                new StorageCertificate(c.signature, c.signersBitmap, c.message));
        if (result instanceof StoreResult.Failed f) {
            LOG.log(System.Logger.Level.WARNING, "certifying " + c.name + " (blob " + c.blobId + ") failed, will retry: "
                    + f.message());
            return false;
        }
        settled(c, result);
        return true;
    }

    private static WalrusCommittable settled(WalrusCommittable c, StoreResult result) {
        c.certifiedAtMillis = System.currentTimeMillis();
        if (result instanceof StoreResult.NewlyCreated n) {
            c.status = Status.NEWLY_CREATED;
            c.objectId = n.blobObject().id().toString();
            c.startEpoch = n.blobObject().registeredEpoch();
            c.endEpoch = n.blobObject().endEpoch();
        } else if (result instanceof StoreResult.AlreadyCertified a) {
            c.status = Status.ALREADY_CERTIFIED;
            if (a.object() != null) {
                c.objectId = a.object().toString();
            }
            c.endEpoch = a.endEpoch();
        } else if (result instanceof StoreResult.MarkedInvalid) {
            c.status = Status.MARKED_INVALID;
        } else if (result instanceof StoreResult.Failed f) {
            failed(c, f.phase().name().toLowerCase(java.util.Locale.ROOT), f.message());
        }
        return c;
    }

    private static WalrusCommittable failed(WalrusCommittable c, String phase, String reason) {
        c.status = Status.ERROR;
        c.errorPhase = phase;
        c.errorReason = reason;
        return c;
    }

    private Duration backoff(int attempt) {
        return settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 6));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    /** A blob that could not be stored after every attempt: the task fails and restarts from its checkpoint. */
    public static final class StoreFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StoreFailedException(String message) {
            super(message);
        }
    }
}
