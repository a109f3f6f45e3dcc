package dev.walrusstream.sink.internal;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.EncodedBlob;

/**
 * What the sink needs of the storage network: the client's two store halves and the shard count.
 * {@link StorageClientBlobStore} is the real one; tests script it to strike each failure class.
 */
public interface BlobStore extends AutoCloseable {
    int nShards();

    Prepared prepare(EncodedBlob blob, StoreOptions options) throws InterruptedException;

    StoreResult certify(ObjectId object, StorageCertificate certificate) throws InterruptedException;

    /**
     * Certifies several blob objects, in one chain transaction where the store can (one result per
     * entry, in order, each as {@link #certify} gives it); by default one by one.
     */
    default java.util.List<StoreResult> certifyAll(java.util.List<StorageClient.ToCertify> entries)
            throws InterruptedException {
        java.util.List<StoreResult> results = new java.util.ArrayList<>();
        for (StorageClient.ToCertify e : entries) {
            results.add(certify(e.objectId(), e.certificate()));
        }
        return results;
    }

    /** A blob is about to be prepared (before it is encoded): a registration batch may wait for it. */
    default void arrive() {
    }

    /** The blob's preparation (begun with {@link #arrive}) ended. */
    default void leave() {
    }

    /** The writer starts or ends flushing for a checkpoint (registration batches stop waiting for newcomers). */
    default void draining(boolean on) {
    }

    /** Healthy shards now and the n − f a write wants (the health gate); by default all healthy. */
    default StorageClient.ShardHealth shardHealth() {
        return new StorageClient.ShardHealth(nShards(), nShards(), 0);
    }

    /** What registering a blob of {@code encodedLength} bytes for {@code epochs} costs (FROST), for the WAL cap. */
    default long estimateCost(long encodedLength, int epochs) {
        return 0;
    }

    /** SUI (MIST) the chain charged this store's transactions for gas so far. */
    long suiSpent();

    @Override
    void close();
}
