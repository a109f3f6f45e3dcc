package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.codec.BlobId;

/**
 * Walrus's {@code Blob} object: a registration of {@code blobId} backed by a storage resource,
 * certified once {@code certifiedEpoch} is set. {@code certifiedEpoch} is null while uncertified.
 */
public record BlobObject(ObjectId id, int registeredEpoch, BlobId blobId, long size, int encodingType,
                         Integer certifiedEpoch, StorageResource storage, boolean deletable) {

    public BlobObject {
        if (id == null || blobId == null || storage == null) {
            throw new IllegalArgumentException("blob object needs an ID, a blob ID and a storage resource");
        }
    }

    public boolean isCertified() {
        return certifiedEpoch != null;
    }

    public int endEpoch() {
        return storage.endEpoch();
    }

    public PersistenceType persistence() {
        return deletable ? new PersistenceType.Deletable(id) : PersistenceType.Permanent.INSTANCE;
    }

    public BlobObject certifiedAt(int epoch) {
        return new BlobObject(id, registeredEpoch, blobId, size, encodingType, epoch, storage, deletable);
    }

    public BlobObject withStorage(StorageResource newStorage) {
        return new BlobObject(id, registeredEpoch, blobId, size, encodingType, certifiedEpoch, newStorage, deletable);
    }
}
