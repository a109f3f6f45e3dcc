package dev.walrusstream.client;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.client.internal.NodeApi;
import dev.walrusstream.client.internal.NodeApiException;
import dev.walrusstream.client.internal.ReadSession;
import dev.walrusstream.client.internal.Transport;
import dev.walrusstream.client.internal.WriteSession;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage client every writer and reader uses.
 *
 * <p><b>Store</b>: encode with Red Stuff; skip paying when the chain already has the blob certified
 * long enough (or this account owns a registration to reuse); reserve and register; upload
 * metadata and slivers to every committee member in parallel; collect and check confirmations;
 * aggregate once a quorum of shards signed; certify. The result is a {@link StoreResult}.
 *
 * <p><b>Read</b>: verified metadata from any node, n − 2f verified primary slivers, decode with the
 * default consistency check; up to 2f shards' nodes may be down or lying.
 *
 * <p>Thread-safe; close it to stop its threads. The chain stays owned by the caller.
 */
public final class StorageClient implements AutoCloseable {
    private final Chain chain;
    private final ClientOptions options;
    private final RedStuff codec;
    private final ExecutorService nodePool;
    private final ExecutorService requestPool;
    private final ExecutorService httpPool;
    private final Transport transport;

    public StorageClient(Chain chain, ClientOptions options) {
        this(chain, options, RedStuff.create());
    }

    public StorageClient(Chain chain, ClientOptions options, RedStuff codec) {
        this.chain = chain;
        this.options = options;
        this.codec = codec;
        this.nodePool = Executors.newCachedThreadPool(daemon("walrus-client-node"));
        this.requestPool = Executors.newCachedThreadPool(daemon("walrus-client-request"));
        this.httpPool = Executors.newCachedThreadPool(daemon("walrus-client-http"));
        this.transport = new Transport(options, httpPool);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public Chain chain() {
        return chain;
    }

    public StoreResult store(byte[] data, StoreOptions store) throws InterruptedException {
        return store(data, 0, data.length, store);
    }

    public StoreResult store(byte[] data, int offset, int length, StoreOptions store) throws InterruptedException {
        ChainInfo info;
        try {
            info = chain.info();
        } catch (ChainException e) {
            return new StoreResult.Failed(null, Phase.REGISTER, "cannot read the chain: " + e.getMessage());
        }
        EncodedBlob blob;
        try {
            blob = codec.encode(RedStuffParams.of(info.nShards()), data, offset, length);
        } catch (CodecException e) {
            return new StoreResult.Failed(null, Phase.ENCODE, e.getMessage());
        }
        return store(blob, store);
    }

    /** Stores an already encoded blob (the pipeline encodes in its own operator). */
    public StoreResult store(EncodedBlob blob, StoreOptions store) throws InterruptedException {
        BlobId id = blob.blobId();
        BlobObject object;
        RegisterOp op;
        long cost;
        try {
            ChainInfo info = chain.info();
            if (info.nShards() != blob.nShards()) {
                return new StoreResult.Failed(id, Phase.ENCODE, "blob was encoded for " + blob.nShards()
                        + " shards, the system has " + info.nShards());
            }
            int target = info.epoch() + store.epochs();
            BlobStatus status;
            try {
                status = chain.blobStatus(id);
            } catch (ChainException.Unavailable e) {
                // on Sui the status comes from the storage nodes; when they cannot tell, register as Walrus does
                status = null;
            }
            if (status instanceof BlobStatus.Invalid inv) {
                return new StoreResult.MarkedInvalid(id, inv.event());
            }
            if (!store.force() && !store.deletable() && status instanceof BlobStatus.Permanent p && p.certified()
                    && p.endEpoch() >= target) {
                return new StoreResult.AlreadyCertified(id, p.statusEvent(), null, p.endEpoch());
            }
            BlobObject reuse = null;
            BlobObject extend = null;
            if (!store.force() && (status == null || status.isRegistered())) {
                for (BlobObject o : chain.ownedBlobObjects(id)) {
                    if (o.deletable() != store.deletable() || o.endEpoch() <= info.epoch()) {
                        continue;
                    }
                    if (o.isCertified() && o.endEpoch() >= target) {
                        return new StoreResult.AlreadyCertified(id, null, o.id(), o.endEpoch());
                    }
                    if (o.isCertified()) {
                        extend = o;
                    } else if (o.endEpoch() >= target) {
                        reuse = o;
                    }
                }
            }
            long encoded = blob.encodedLength();
            if (extend != null) {
                Results.Extension x = chain.extendBlob(extend.id(), target - extend.endEpoch());
                return new StoreResult.NewlyCreated(x.blob(), new RegisterOp.ReuseAndExtend(encoded,
                        target - extend.endEpoch()), x.cost(), x.event(), List.of(), List.of());
            }
            if (reuse != null) {
                object = reuse;
                op = new RegisterOp.ReuseRegistration(encoded);
                cost = 0;
            } else {
                Results.Registration r = chain.reserveAndRegister(id, blob.metadata().rootHash(), blob.unencodedLength(),
                        RedStuffParams.ENCODING_TYPE_RS2, store.deletable(), store.epochs());
                object = r.blob();
                op = new RegisterOp.RegisterFromScratch(encoded, store.epochs());
                cost = r.cost();
            }
        } catch (ChainException e) {
            return new StoreResult.Failed(id, Phase.REGISTER, e.getMessage());
        }
        PersistenceType persistence = object.persistence();
        WriteSession session = new WriteSession(transport, nodePool, requestPool);
        for (int attempt = 0; ; attempt++) {
            WriteSession.Outcome outcome;
            try {
                outcome = session.run(blob, chain.committee(), persistence);
            } catch (ChainException e) {
                return new StoreResult.Failed(id, Phase.UPLOAD, "cannot read the committee: " + e.getMessage());
            }
            if (outcome instanceof WriteSession.NoQuorum nq) {
                return new StoreResult.Failed(id, nq.phase(), nq.message());
            }
            WriteSession.Certified c = (WriteSession.Certified) outcome;
            try {
                Results.Certification done = chain.certifyBlob(object.id(), c.certificate());
                return new StoreResult.NewlyCreated(done.blob(), op, cost, done.event(), c.confirmedBy(), c.failed());
            } catch (ChainException.RuleViolation v) {
                if (v.rule() == Rule.EPOCH_MISMATCH && attempt == 0) {
                    continue; // the epoch changed while collecting: confirmations must be collected again
                }
                return new StoreResult.Failed(id, Phase.CERTIFY, v.getMessage());
            } catch (ChainException e) {
                return new StoreResult.Failed(id, Phase.CERTIFY, e.getMessage());
            }
        }
    }

    /** Reads and verifies a blob. */
    public byte[] read(BlobId id) throws ReadException, InterruptedException {
        return readDetailed(id).data();
    }

    /** Reads a blob and reports which nodes were skipped and why. */
    public ReadSession.Result readDetailed(BlobId id) throws ReadException, InterruptedException {
        Committee committee;
        try {
            BlobStatus status = chain.blobStatus(id);
            if (status instanceof BlobStatus.Invalid inv) {
                throw new ReadException(id, ReadException.Reason.INVALID, "blob " + id + " was marked invalid (event "
                        + inv.event() + ")");
            }
            if (!status.isRegistered()) {
                throw new ReadException(id, ReadException.Reason.NOT_FOUND, "blob " + id + " does not exist: the chain "
                        + "has no live registration of it (never stored, deleted or expired)");
            }
            committee = chain.committee();
        } catch (ChainException e) {
            throw new ReadException(id, ReadException.Reason.CHAIN_UNAVAILABLE, "cannot read the chain: " + e.getMessage());
        }
        return new ReadSession(transport, requestPool, codec, Math.min(32, options.maxConcurrentRequests())).read(id, committee);
    }

    /** The chain's status of the blob and every committee member's. */
    public BlobStatusReport status(BlobId id) {
        BlobStatus chainStatus = chain.blobStatus(id);
        Committee committee = chain.committee();
        List<CompletableFuture<BlobStatusReport.NodeView>> views = new ArrayList<>();
        for (StorageNodeInfo node : committee.members()) {
            views.add(CompletableFuture.supplyAsync(() -> {
                NodeApi api = new NodeApi(node, transport);
                try {
                    return new BlobStatusReport.NodeView(node.name(), node.nodeId().hex(), node.networkAddress(),
                            node.shards(), api.blobStatus(id), null);
                } catch (NodeApiException e) {
                    return new BlobStatusReport.NodeView(node.name(), node.nodeId().hex(), node.networkAddress(),
                            node.shards(), null, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new BlobStatusReport.NodeView(node.name(), node.nodeId().hex(), node.networkAddress(),
                            node.shards(), null, "interrupted");
                }
            }, requestPool));
        }
        return new BlobStatusReport(id, committee.epoch(), chainStatus, views.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public void close() {
        nodePool.shutdownNow();
        requestPool.shutdownNow();
        httpPool.shutdownNow();
        try {
            nodePool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
