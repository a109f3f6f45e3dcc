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

    public StorageClientBlobStore(String clientConfigJson) {
        ClientConfig config = ClientConfig.parse(clientConfigJson, "the sink's client configuration");
        this.chain = gas.wrap(config.openChain());
        this.client = new StorageClient(this.chain, config.options());
    }

    /** Over an open chain (closed with this store), for tests that put something between the sink and the chain. */
    public StorageClientBlobStore(Chain chain, dev.walrusstream.client.ClientOptions options) {
        this.chain = gas.wrap(chain);
        this.client = new StorageClient(this.chain, options);
    }

    @Override
    public int nShards() {
        return chain.info().nShards();
    }

    @Override
    public Prepared prepare(EncodedBlob blob, StoreOptions options) throws InterruptedException {
        try {
            return client.prepare(blob, options);
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
