package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.sui.walrus.WalrusBlobObject;

import java.util.OptionalLong;

/** The Move contents (BCS) of Walrus's Blob and Storage objects as the local Sui ledger stores them. */
public final class WalrusContents {
    private WalrusContents() {
    }

    public static byte[] blob(BlobObject b) {
        StorageResource s = b.storage();
        return new WalrusBlobObject(b.id(), b.registeredEpoch(), b.blobId(), b.size(), b.encodingType(),
                b.isCertified() ? OptionalLong.of(b.certifiedEpoch()) : OptionalLong.empty(),
                new WalrusBlobObject.WalrusStorage(s.id(), s.startEpoch(), s.endEpoch(), s.storageSize()),
                b.deletable()).toContents();
    }

    public static byte[] storage(StorageResource s) {
        return new WalrusBlobObject.WalrusStorage(s.id(), s.startEpoch(), s.endEpoch(), s.storageSize()).toContents();
    }
}
