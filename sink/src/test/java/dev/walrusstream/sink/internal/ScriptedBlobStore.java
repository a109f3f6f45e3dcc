package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.client.Prepared;
import dev.walrusstream.client.RegisterOp;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A scripted chain and committee behind the {@link BlobStore} port: each prepare or certify call
 * takes the next scripted answer (built from the blob being stored), and once the script is used
 * up the blob is registered, confirmed and certified. Counts registrations paid, like a chain would.
 */
final class ScriptedBlobStore implements BlobStore {
    final Deque<Function<BlobId, Prepared>> prepareScript = new ArrayDeque<>();
    final Deque<Function<ObjectId, StoreResult>> certifyScript = new ArrayDeque<>();
    final List<BlobId> prepared = new ArrayList<>();
    final List<ObjectId> certified = new ArrayList<>();
    int registrationsPaid;
    boolean closed;

    static ObjectId objectFor(BlobId id) {
        byte[] b = id.bytes().clone();
        b[0] ^= 0x55;
        return ObjectId.of(b);
    }

    static BlobObject object(BlobId id, Integer certifiedEpoch) {
        return new BlobObject(objectFor(id), 1, id, 100, 1, certifiedEpoch,
                new StorageResource(objectFor(id), 1, 6, 1000), false);
    }

    static Prepared ready(BlobId id) {
        return new Prepared.Ready(object(id, null), new StorageCertificate(new byte[]{1}, new byte[]{3}, id.bytes()),
                new RegisterOp.RegisterFromScratch(1000, 5), 77, List.of("n0", "n1"), List.of());
    }

    static Function<BlobId, Prepared> failPrepare(dev.walrusstream.client.Phase phase, dev.walrusstream.chain.Rule rule,
                                                  String message) {
        return id -> new Prepared.Done(new StoreResult.Failed(id, phase, message, rule));
    }

    @Override
    public int nShards() {
        return 10;
    }

    @Override
    public synchronized Prepared prepare(EncodedBlob blob, StoreOptions options) {
        prepared.add(blob.blobId());
        Function<BlobId, Prepared> next = prepareScript.poll();
        Prepared p = next == null ? ready(blob.blobId()) : next.apply(blob.blobId());
        if (p instanceof Prepared.Ready r && r.operation() instanceof RegisterOp.RegisterFromScratch) {
            registrationsPaid++;
        }
        return p;
    }

    @Override
    public synchronized StoreResult certify(ObjectId object, StorageCertificate certificate) {
        certified.add(object);
        Function<ObjectId, StoreResult> next = certifyScript.poll();
        if (next != null) {
            return next.apply(object);
        }
        BlobId id = BlobId.of(certificate.message());
        return new StoreResult.NewlyCreated(object(id, 2), new RegisterOp.RegisterFromScratch(1000, 5), 77,
                new EventId("tx", 0), List.of(), List.of());
    }

    @Override
    public long suiSpent() {
        return 0; // scripted: no chain, no gas
    }

    @Override
    public void close() {
        closed = true;
    }
}
