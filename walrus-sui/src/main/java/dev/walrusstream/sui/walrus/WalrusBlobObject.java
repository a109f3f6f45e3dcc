package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Walrus's {@code blob::Blob} object: {@code {id, registered_epoch: u32, blob_id: u256, size: u64,
 * encoding_type: u8, certified_epoch: Option<u32>, storage: Storage {id, start_epoch: u32,
 * end_epoch: u32, storage_size: u64}, deletable: bool}}. The u256 blob ID is its 32 raw bytes.
 */
public record WalrusBlobObject(ObjectId id, long registeredEpoch, BlobId blobId, long size, int encodingType,
                               OptionalLong certifiedEpoch, WalrusStorage storage, boolean deletable) {

    /** Walrus's {@code storage_resource::Storage}: bytes reserved for epochs [start, end). */
    public record WalrusStorage(ObjectId id, long startEpoch, long endEpoch, long storageSize) {
        public WalrusStorage {
            Objects.requireNonNull(id, "id");
        }

        public static WalrusStorage read(BcsReader r) {
            return new WalrusStorage(ObjectId.of(r.fixedBytes(32)), r.u32(), r.u32(), r.u64());
        }

        public static WalrusStorage fromContents(byte[] contents) {
            BcsReader r = new BcsReader(contents);
            WalrusStorage s = read(r);
            r.expectEnd("walrus::storage_resource::Storage");
            return s;
        }

        public BcsWriter write(BcsWriter w) {
            return w.fixedBytes(id.bytes()).u32(startEpoch).u32(endEpoch).u64(storageSize);
        }

        public byte[] toContents() {
            return write(new BcsWriter(48)).toByteArray();
        }
    }

    public WalrusBlobObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(certifiedEpoch, "certifiedEpoch");
        Objects.requireNonNull(storage, "storage");
    }

    public static WalrusBlobObject fromContents(byte[] contents) {
        BcsReader r = new BcsReader(contents);
        ObjectId id = ObjectId.of(r.fixedBytes(32));
        long registered = r.u32();
        BlobId blobId = BlobId.of(r.fixedBytes(32));
        long size = r.u64();
        int encoding = r.u8();
        int at = r.position();
        int tag = r.u8();
        if (tag > 1) {
            throw new BcsException("Blob.certified_epoch has invalid Option tag " + tag + " at offset " + at);
        }
        OptionalLong certified = tag == 1 ? OptionalLong.of(r.u32()) : OptionalLong.empty();
        WalrusStorage storage = WalrusStorage.read(r);
        boolean deletable = r.bool();
        r.expectEnd("walrus::blob::Blob");
        return new WalrusBlobObject(id, registered, blobId, size, encoding, certified, storage, deletable);
    }

    public byte[] toContents() {
        BcsWriter w = new BcsWriter(128).fixedBytes(id.bytes()).u32(registeredEpoch).fixedBytes(blobId.bytes())
                .u64(size).u8(encodingType);
        if (certifiedEpoch.isPresent()) {
            w.u8(1).u32(certifiedEpoch.getAsLong());
        } else {
            w.u8(0);
        }
        return storage.write(w).bool(deletable).toByteArray();
    }
}
