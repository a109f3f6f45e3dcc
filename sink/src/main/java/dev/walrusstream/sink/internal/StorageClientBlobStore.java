package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.Phase;
import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.EncodedBlob;

/** {@link BlobStore} over the storage client and the chain of a client configuration. */
public final class StorageClientBlobStore implements BlobStore {
    private final Chain chain;
    private final StorageClient client;
    private final GasMeter gas = new GasMeter();

    /** Registers blob by blob, or gathers registrations (null: one transaction per blob). */
    private final RegistrationBatcher batcher;

    public StorageClientBlobStore(String clientConfigJson) {
        this(clientConfigJson, 1, java.time.Duration.ZERO);
    }

    /** Gathering up to {@code registerBatch} registrations within {@code maxWait} into one transaction. */
    public StorageClientBlobStore(String clientConfigJson, int registerBatch, java.time.Duration maxWait) {
        ClientConfig config = ClientConfig.parse(clientConfigJson, "the sink's client configuration");
        this.chain = gas.wrap(config.openChain());
        this.client = new StorageClient(this.chain, config.options());
        this.batcher = registerBatch > 1 ? new RegistrationBatcher(this.chain, registerBatch, maxWait) : null;
    }

    /** Over an open chain (closed with this store), for tests that put something between the sink and the chain. */
    public StorageClientBlobStore(Chain chain, dev.walrusstream.client.ClientOptions options) {
        this(chain, options, 1, java.time.Duration.ZERO);
    }

    /** Over an open chain, gathering registrations as {@link #StorageClientBlobStore(String, int, java.time.Duration)}. */
    public StorageClientBlobStore(Chain chain, dev.walrusstream.client.ClientOptions options, int registerBatch,
                                  java.time.Duration maxWait) {
        this.chain = gas.wrap(chain);
        this.client = new StorageClient(this.chain, options);
        this.batcher = registerBatch > 1 ? new RegistrationBatcher(this.chain, registerBatch, maxWait) : null;
    }

    @Override
    public void arrive() {
        if (batcher != null) {
            batcher.arrive();
        }
    }

    @Override
    public void draining(boolean on) {
        if (batcher != null) {
            batcher.draining(on);
        }
    }

    @Override
    public void leave() {
        if (batcher != null) {
            batcher.leave();
        }
    }

    @Override
    public int nShards() {
        return chain.info().nShards();
    }

    @Override
    public Prepared prepare(EncodedBlob blob, StoreOptions options) throws InterruptedException {
        try {
            return batcher == null ? client.prepare(blob, options) : client.prepare(blob, options, batcher);
        } catch (ChainException e) {
            return new Prepared.Done(StoreResult.Failed.of(blob.blobId(), Phase.REGISTER, "", e));
        }
    }

    @Override
    public StoreResult certify(ObjectId object, StorageCertificate certificate) throws InterruptedException {
        try {
            return client.certify(object, certificate);
        } catch (ChainException e) {
            return StoreResult.Failed.of(null, Phase.CERTIFY, "", e);
        }
    }

    @Override
    public java.util.List<StoreResult> certifyAll(java.util.List<StorageClient.ToCertify> entries)
            throws InterruptedException {
        try {
            return client.certifyAll(entries);
        } catch (ChainException e) {
            java.util.List<StoreResult> failed = new java.util.ArrayList<>();
            entries.forEach(x -> failed.add(StoreResult.Failed.of(null, Phase.CERTIFY, "", e)));
            return failed;
        }
    }

    @Override
    public StorageClient.ShardHealth shardHealth() {
        return client.shardHealth();
    }

    @Override
    public long estimateCost(long encodedLength, int epochs) {
        dev.walrusstream.chain.ChainInfo info = chain.info();
        return Math.addExact(info.storageCost(encodedLength, epochs), info.writeCost(encodedLength));
    }

    @Override
    public long suiSpent() {
        return gas.spent();
    }

    @Override
    public void close() {
        client.close();
        chain.close();
    }
}
