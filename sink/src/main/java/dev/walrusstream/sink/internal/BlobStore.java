package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.ObjectId;
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

    @Override
    void close();
}
