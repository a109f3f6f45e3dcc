package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.RegisterOp;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.BlobId;

import java.util.List;

/** Scripted answers for tests outside this package. */
public final class ScriptedStores {
    private ScriptedStores() {
    }

    public static Prepared ready(BlobId id) {
        return ScriptedBlobStore.ready(id);
    }

    public static StoreResult certified(StorageCertificate certificate) {
        BlobId id = BlobId.of(certificate.message());
        return new StoreResult.NewlyCreated(ScriptedBlobStore.object(id, 2), new RegisterOp.RegisterFromScratch(1000, 5), 77,
                new EventId("tx", 0), List.of(), List.of());
    }
}
