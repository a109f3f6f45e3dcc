package dev.walrusstream.client;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
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
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltReader;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.codec.Sliver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Whether {@link #close()} closes the chain too (it was opened for this client alone). */
    private final boolean ownsChain;

    public StorageClient(Chain chain, ClientOptions options) {
        this(chain, options, RedStuff.create());
    }

    public StorageClient(Chain chain, ClientOptions options, RedStuff codec) {
        this(chain, options, codec, false);
    }

    /** A client that closes {@code chain} when it is closed: for a chain opened for this client alone. */
    public static StorageClient owning(Chain chain, ClientOptions options) {
        return new StorageClient(chain, options, RedStuff.create(), true);
    }

    private StorageClient(Chain chain, ClientOptions options, RedStuff codec, boolean ownsChain) {
        this.ownsChain = ownsChain;
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

    /** Stores an already encoded blob: {@link #prepare} then {@link #certify}. */
    public StoreResult store(EncodedBlob blob, StoreOptions store) throws InterruptedException {
        Prepared prepared = prepare(blob, store);
        if (prepared instanceof Prepared.Done done) {
            return done.result();
        }
        return certify((Prepared.Ready) prepared);
    }

    /**
     * Everything of a store except certifying: skip when the chain already has the blob certified
     * long enough (or this account owns a registration to reuse or extend), reserve and register,
     * upload metadata and slivers to every node, collect a quorum of confirmations.
     */
    public Prepared prepare(EncodedBlob blob, StoreOptions store) throws InterruptedException {
        return prepare(blob, store, call -> chain.reserveAndRegister(call.blobId(), call.rootHash(), call.size(),
                call.encodingType(), call.deletable(), call.epochsAhead()));
    }

    /**
     * How {@link #prepare(EncodedBlob, StoreOptions, Registrar)} reserves and registers a blob that has
     * no registration to reuse: by default one {@code reserveAndRegister} transaction; a writer storing
     * many blobs at once may gather them into one {@link Chain#registerBlobs} transaction. A refusal
     * or an unreachable chain is thrown as a {@link ChainException}.
     */
    @FunctionalInterface
    public interface Registrar {
        Results.Registration register(dev.walrusstream.chain.RegistrationBatch.Call call) throws InterruptedException;
    }

    /** As {@link #prepare(EncodedBlob, StoreOptions)}, registering through {@code registrar}. */
    public Prepared prepare(EncodedBlob blob, StoreOptions store, Registrar registrar) throws InterruptedException {
        BlobId id = blob.blobId();
        BlobObject object;
        RegisterOp op;
        long cost;
        try {
            ChainInfo info = chain.info();
            if (info.nShards() != blob.nShards()) {
                return done(new StoreResult.Failed(id, Phase.ENCODE, "blob was encoded for " + blob.nShards()
                        + " shards, the system has " + info.nShards()));
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
                return done(new StoreResult.MarkedInvalid(id, inv.event()));
            }
            if (!store.force() && !store.deletable() && status instanceof BlobStatus.Permanent p && p.certified()
                    && p.endEpoch() >= target) {
                return done(new StoreResult.AlreadyCertified(id, p.statusEvent(), null, p.endEpoch()));
            }
            BlobObject reuse = null;
            BlobObject extend = null;
            if (!store.force() && (status == null || status.isRegistered())) {
                for (BlobObject o : chain.ownedBlobObjects(id)) {
                    if (o.deletable() != store.deletable() || o.endEpoch() <= info.epoch()) {
                        continue;
                    }
                    if (o.isCertified() && o.endEpoch() >= target) {
                        return done(new StoreResult.AlreadyCertified(id, null, o.id(), o.endEpoch()));
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
                return done(new StoreResult.NewlyCreated(x.blob(), new RegisterOp.ReuseAndExtend(encoded,
                        target - extend.endEpoch()), x.cost(), x.event(), List.of(), List.of()));
            }
            if (reuse != null) {
                object = reuse;
                op = new RegisterOp.ReuseRegistration(encoded);
                cost = 0;
            } else {
                Results.Registration r = registrar.register(new dev.walrusstream.chain.RegistrationBatch.Call(id,
                        blob.metadata().rootHash(), blob.unencodedLength(), RedStuffParams.ENCODING_TYPE_RS2,
                        store.deletable(), store.epochs()));
                object = r.blob();
                op = new RegisterOp.RegisterFromScratch(encoded, store.epochs());
                cost = r.cost();
            }
        } catch (ChainException e) {
            return done(StoreResult.Failed.of(id, Phase.REGISTER, "", e));
        }
        WriteSession.Outcome outcome;
        try {
            outcome = new WriteSession(transport, nodePool, requestPool).run(blob, chain.committee(), object.persistence());
        } catch (ChainException e) {
            return done(StoreResult.Failed.of(id, Phase.UPLOAD, "cannot read the committee: ", e));
        }
        if (outcome instanceof WriteSession.NoQuorum nq) {
            return done(new StoreResult.Failed(id, nq.phase(), nq.message()));
        }
        WriteSession.Certified c = (WriteSession.Certified) outcome;
        return new Prepared.Ready(object, c.certificate(), op, cost, c.confirmedBy(), c.failed());
    }

    /**
     * Certifies a prepared blob. Idempotent: a blob object certified meanwhile (a retry after a
     * crash) is reported as already certified. When the epoch changed since the confirmations were
     * signed, they are collected again from the nodes (which already hold the slivers) and the
     * certificate is re-aggregated.
     */
    public StoreResult certify(Prepared.Ready ready) throws InterruptedException {
        BlobObject object = ready.object();
        BlobId id = object.blobId();
        StorageCertificate certificate = ready.certificate();
        List<String> confirmedBy = ready.confirmedBy();
        List<String> failed = ready.failedNodes();
        for (int attempt = 0; ; attempt++) {
            boolean stale = attempt == 0 && certificateEpoch(certificate) != currentEpochOr(-1);
            if (!stale) {
                try {
                    Results.Certification done = chain.certifyBlob(object.id(), certificate);
                    return new StoreResult.NewlyCreated(done.blob(), ready.operation(), ready.cost(), done.event(),
                            confirmedBy, failed);
                } catch (ChainException.RuleViolation v) {
                    if (v.rule() == Rule.ALREADY_CERTIFIED) {
                        BlobObject now = chain.blobObject(object.id()).orElse(object);
                        return new StoreResult.AlreadyCertified(id, null, object.id(), now.endEpoch());
                    }
                    // a certificate of an earlier epoch (signed by its committee) is refused as such, or, when
                    // the committee changed, as a signature the new committee's keys do not verify
                    boolean epochMoved = v.rule() == Rule.EPOCH_MISMATCH || certificateEpoch(certificate) != currentEpochOr(-1);
                    if (!epochMoved || attempt > 1) {
                        return StoreResult.Failed.of(id, Phase.CERTIFY, "", v);
                    }
                } catch (ChainException e) {
                    return StoreResult.Failed.of(id, Phase.CERTIFY, "", e);
                }
            }
            // the epoch changed since the confirmations were signed: have the current committee sign again
            // (its members hold the slivers, or fetch them at the change); same registration, nothing paid again
            WriteSession.Outcome again = null;
            for (int round = 0; round < REGATHER_ROUNDS; round++) {
                try {
                    again = new WriteSession(transport, nodePool, requestPool)
                            .confirmOnly(id, chain.committee(), object.persistence());
                } catch (ChainException e) {
                    return StoreResult.Failed.of(id, Phase.CONFIRM, "cannot read the committee: ", e);
                }
                if (again instanceof WriteSession.Certified) {
                    break;
                }
                // members still following the change sign the old epoch, or do not hold their new shards yet
                Thread.sleep(REGATHER_PAUSE_MILLIS * (round + 1));
            }
            if (again instanceof WriteSession.NoQuorum nq) {
                return new StoreResult.Failed(id, nq.phase(), nq.message() + " (after " + REGATHER_ROUNDS
                        + " rounds across the epoch change)");
            }
            WriteSession.Certified c = (WriteSession.Certified) again;
            certificate = c.certificate();
            confirmedBy = c.confirmedBy();
            failed = c.failed();
        }
    }

    /** Rounds of asking the new committee to sign again after an epoch change, and the pause that grows between them. */
    private static final int REGATHER_ROUNDS = 8;
    private static final long REGATHER_PAUSE_MILLIS = 250;

    /** The epoch a certificate's confirmations were signed in (−2 when its message does not parse). */
    private static int certificateEpoch(StorageCertificate c) {
        try {
            return dev.walrusstream.chain.ConfirmationMessage.parse(c.message()).epoch();
        } catch (RuntimeException e) {
            return -2;
        }
    }

    private int currentEpochOr(int fallback) {
        try {
            return chain.currentEpoch();
        } catch (ChainException e) {
            return fallback;
        }
    }

    /**
     * Certifies the blob object {@code objectId} with a certificate gathered earlier (the pipeline's
     * committer, which has no slivers, only what its checkpoint kept). Idempotent like
     * {@link #certify(Prepared.Ready)}.
     */
    public StoreResult certify(ObjectId objectId, StorageCertificate certificate) throws InterruptedException {
        Optional<BlobObject> found;
        try {
            found = chain.blobObject(objectId);
        } catch (ChainException e) {
            return StoreResult.Failed.of(null, Phase.CERTIFY, "cannot read blob object " + objectId + ": ", e);
        }
        if (found.isEmpty()) {
            return new StoreResult.Failed(null, Phase.CERTIFY, "blob object " + objectId
                    + " does not exist (deleted, or expired and cleaned up)", dev.walrusstream.chain.Rule.OBJECT_NOT_FOUND);
        }
        BlobObject object = found.get();
        if (object.isCertified()) {
            return new StoreResult.AlreadyCertified(object.blobId(), null, object.id(), object.endEpoch());
        }
        return certify(new Prepared.Ready(object, certificate, new RegisterOp.ReuseRegistration(0), 0, List.of(), List.of()));
    }

    /** One blob object to certify with a certificate gathered earlier ({@link #certifyAll}). */
    public record ToCertify(ObjectId objectId, StorageCertificate certificate) {
    }

    /**
     * Certifies several blob objects with certificates gathered earlier in ONE chain transaction
     * ({@link Chain#certifyBlobs}); one result per entry, in order, each as {@link #certify(ObjectId,
     * StorageCertificate)} would give it. Objects already certified (a batch applied before a crash)
     * are reported as such and left out of the transaction. When the chain refuses the batch, each
     * blob is certified on its own, so one refused blob does not block the others; when the chain
     * cannot be reached, every entry left fails with that (to be retried).
     */
    public List<StoreResult> certifyAll(List<ToCertify> entries) throws InterruptedException {
        StoreResult[] results = new StoreResult[entries.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ObjectId objectId = entries.get(i).objectId();
            Optional<BlobObject> found;
            try {
                found = chain.blobObject(objectId);
            } catch (ChainException e) {
                results[i] = StoreResult.Failed.of(null, Phase.CERTIFY, "cannot read blob object " + objectId + ": ", e);
                continue;
            }
            if (found.isEmpty()) {
                results[i] = new StoreResult.Failed(null, Phase.CERTIFY, "blob object " + objectId
                        + " does not exist (deleted, or expired and cleaned up)", dev.walrusstream.chain.Rule.OBJECT_NOT_FOUND);
            } else if (found.get().isCertified()) {
                BlobObject o = found.get();
                results[i] = new StoreResult.AlreadyCertified(o.blobId(), null, o.id(), o.endEpoch());
            } else if (pending.stream().anyMatch(j -> entries.get(j).objectId().equals(objectId))) {
                results[i] = null; // named twice: certified on its own below, after the batch
            } else {
                pending.add(i);
            }
        }
        if (pending.size() > 1) {
            List<dev.walrusstream.chain.CertificationBatch.Call> calls = new ArrayList<>();
            pending.forEach(i -> calls.add(new dev.walrusstream.chain.CertificationBatch.Call(entries.get(i).objectId(),
                    entries.get(i).certificate())));
            try {
                Results.Certifications done = chain.certifyBlobs(new dev.walrusstream.chain.CertificationBatch(calls));
                for (int k = 0; k < pending.size(); k++) {
                    Results.Certification c = done.certifications().get(k);
                    results[pending.get(k)] = new StoreResult.NewlyCreated(c.blob(), new RegisterOp.ReuseRegistration(0),
                            0, c.event(), List.of(), List.of());
                }
                pending.clear();
            } catch (ChainException.Unavailable e) {
                for (int i : pending) {
                    results[i] = StoreResult.Failed.of(null, Phase.CERTIFY, "", e);
                }
                pending.clear();
            } catch (ChainException.RuleViolation v) {
                // isolate the refused blob: each is certified on its own below
            }
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null || pending.contains(i)) {
                results[i] = certify(entries.get(i).objectId(), entries.get(i).certificate());
            }
        }
        return List.of(results);
    }

    private static Prepared done(StoreResult result) {
        return new Prepared.Done(result);
    }

    /**
     * Reads one patch of a QuiltV1 quilt by its patch ID, fetching only the secondary slivers of the
     * patch's own columns (verified against the quilt's metadata). If any of them cannot be had, reads
     * the whole quilt instead (as Walrus's client does) and takes the patch from it.
     */
    public QuiltRead readQuiltPatch(QuiltPatchId id) throws ReadException, InterruptedException {
        BlobId quilt = id.quiltId();
        List<Integer> columns = new ArrayList<>();
        for (int c = id.startColumn(); c < id.endColumn(); c++) {
            columns.add(c);
        }
        Map<String, String> problems = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Integer, Sliver> slivers;
        try {
            slivers = new ReadSession(transport, requestPool, codec, options.maxConcurrentRequests())
                    .secondarySlivers(quilt, chain.committee(), columns, problems);
        } catch (ChainException e) {
            throw new ReadException(quilt, ReadException.Reason.NO_METADATA, "cannot read the committee: " + e.getMessage());
        }
        if (slivers.size() == columns.size()) {
            List<byte[]> data = new ArrayList<>();
            columns.forEach(c -> data.add(slivers.get(c).data()));
            return new QuiltRead(QuiltReader.readPatch(data), columns, false);
        }
        byte[] whole = read(quilt);
        RedStuffParams params = RedStuffParams.of(chain.info().nShards());
        int symbolSize = (int) (whole.length / ((long) params.primarySymbols() * params.secondarySymbols()));
        List<byte[]> data = new ArrayList<>();
        for (int c : columns) {
            data.add(QuiltReader.column(params, symbolSize, whole, c));
        }
        return new QuiltRead(QuiltReader.readPatch(data), columns, true);
    }

    /** Response body bytes this client received from storage nodes so far: what its reads cost on the wire. */
    public long bytesReceived() {
        return transport.bytesReceived();
    }

    /** The blob's metadata from the nodes, verified against its ID, after the chain confirmed it exists. */
    public BlobMetadata metadata(BlobId id) throws ReadException, InterruptedException {
        Committee committee = committeeForRead(id);
        return session().verifiedMetadata(id, committee, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * Reads bytes {@code [offset, offset + length)} of a blob. Only the systematic primary slivers (rows
     * of the message matrix) holding the range are fetched, each verified against the metadata; when
     * any of them cannot be had, the whole blob is read and decoded with the consistency check instead.
     * The range is clipped to the blob's end.
     */
    public RangeRead readRange(BlobId id, long offset, long length) throws ReadException, InterruptedException {
        return open(id).read(offset, length);
    }

    /**
     * Looks a blob up once (chain status, committee, verified metadata) for any number of range reads:
     * what a server answering many ranges of the same blob keeps.
     */
    public OpenBlob open(BlobId id) throws ReadException, InterruptedException {
        Committee committee = committeeForRead(id);
        BlobMetadata metadata = session().verifiedMetadata(id, committee, new java.util.concurrent.ConcurrentHashMap<>());
        return new OpenBlob(id, committee, metadata);
    }

    /** A blob looked up for reading: its size is known, ranges of it fetch only the slivers holding them. */
    public final class OpenBlob {
        private final BlobId id;
        private final Committee committee;
        private final BlobMetadata metadata;

        private OpenBlob(BlobId id, Committee committee, BlobMetadata metadata) {
            this.id = id;
            this.committee = committee;
            this.metadata = metadata;
        }

        public BlobId id() {
            return id;
        }

        public long size() {
            return metadata.unencodedLength();
        }

        public BlobMetadata metadata() {
            return metadata;
        }

        /**
         * Bytes {@code [offset, offset + length)}, clipped to the end. Only the systematic primary slivers
         * (rows of the message matrix) holding the range are fetched, each verified against the metadata;
         * when any cannot be had, the whole blob is read and decoded with the consistency check instead.
         */
        public RangeRead read(long offset, long length) throws ReadException, InterruptedException {
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("range of " + id + " must not be negative: offset " + offset
                        + ", length " + length);
            }
            long size = size();
            if (offset > size) {
                throw new IllegalArgumentException("range of " + id + " starts at " + offset + ", past the blob's end ("
                        + size + " bytes)");
            }
            long end = Math.min(size, offset + length);
            if (end == offset) {
                return new RangeRead(new byte[0], offset, size, List.of(), false);
            }
            long rowBytes = (long) metadata.params().secondarySymbols() * metadata.symbolSize();
            List<Integer> rows = new ArrayList<>();
            for (long r = offset / rowBytes; r <= (end - 1) / rowBytes; r++) {
                rows.add((int) r);
            }
            ReadSession session = session();
            Map<String, String> problems = new java.util.concurrent.ConcurrentHashMap<>();
            Map<Integer, Sliver> slivers = session.primarySlivers(id, metadata, committee, rows, problems);
            byte[] out = new byte[Math.toIntExact(end - offset)];
            if (slivers.size() == rows.size()) {
                for (int r : rows) {
                    long rowStart = r * rowBytes;
                    long from = Math.max(offset, rowStart);
                    long to = Math.min(end, rowStart + rowBytes);
                    System.arraycopy(slivers.get(r).data(), (int) (from - rowStart), out, (int) (from - offset),
                            (int) (to - from));
                }
                return new RangeRead(out, offset, size, rows, false);
            }
            byte[] whole = session.read(id, committee).data();
            System.arraycopy(whole, (int) offset, out, 0, out.length);
            return new RangeRead(out, offset, size, rows, true);
        }
    }

    /**
     * The index of a QuiltV1 quilt: its patches with identifiers, tags and columns. Reads only the index
     * columns (secondary slivers) when they can be had, else the whole quilt.
     */
    public List<QuiltEntry> listQuiltPatches(BlobId quilt) throws ReadException, InterruptedException {
        Committee committee = committeeForRead(quilt);
        ReadSession session = session();
        Map<String, String> problems = new java.util.concurrent.ConcurrentHashMap<>();
        BlobMetadata metadata = session.verifiedMetadata(quilt, committee, problems);
        RedStuffParams params = metadata.params();
        try {
            return QuiltReader.readIndex(params, metadata.symbolSize(), c -> {
                try {
                    Sliver s = session.secondarySlivers(quilt, metadata, committee, List.of(c), problems).get(c);
                    if (s == null) {
                        throw new MissingColumn(c);
                    }
                    return s.data();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MissingColumn(c);
                }
            });
        } catch (MissingColumn e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted reading the index of quilt " + quilt);
            }
            byte[] whole = session.read(quilt, committee).data();
            return QuiltReader.readIndex(params, metadata.symbolSize(), c -> QuiltReader.column(params,
                    metadata.symbolSize(), whole, c));
        } catch (CodecException e) {
            throw new ReadException(quilt, ReadException.Reason.NOT_A_QUILT, "blob " + quilt + " is not a QuiltV1 quilt: "
                    + e.getMessage());
        }
    }

    /** Reads the patch of the quilt with this identifier (its columns only, when they can be had). */
    public QuiltRead readQuiltPatch(BlobId quilt, String identifier) throws ReadException, InterruptedException {
        for (QuiltEntry e : listQuiltPatches(quilt)) {
            if (e.identifier().equals(identifier)) {
                return readQuiltPatch(new QuiltPatchId(quilt, e.startColumn(), e.endColumn()));
            }
        }
        throw new ReadException(quilt, ReadException.Reason.NOT_FOUND, "quilt " + quilt + " has no patch with identifier '"
                + identifier + "'");
    }

    /** Reads every patch of the quilt whose tag {@code key} has {@code value}, in index order (maybe none). */
    public List<QuiltRead> readQuiltPatchesByTag(BlobId quilt, String key, String value)
            throws ReadException, InterruptedException {
        List<QuiltRead> out = new ArrayList<>();
        for (QuiltEntry e : listQuiltPatches(quilt)) {
            if (value.equals(e.tags().get(key))) {
                out.add(readQuiltPatch(new QuiltPatchId(quilt, e.startColumn(), e.endColumn())));
            }
        }
        return out;
    }

    private static final class MissingColumn extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingColumn(int column) {
            super("column " + column + " could not be had", null, false, false);
        }
    }

    private ReadSession session() {
        return new ReadSession(transport, requestPool, codec, Math.min(32, options.maxConcurrentRequests()));
    }

    /** The committee to read {@code id} from, once the chain confirmed the blob has a live registration. */
    private Committee committeeForRead(BlobId id) throws ReadException {
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
            return ReadCommittee.choose(chain, status.initialCertifiedEpoch());
        } catch (ChainException e) {
            throw new ReadException(id, ReadException.Reason.CHAIN_UNAVAILABLE, "cannot read the chain: " + e.getMessage());
        }
    }

    /** Reads and verifies a blob. */
    public byte[] read(BlobId id) throws ReadException, InterruptedException {
        return readDetailed(id).data();
    }

    /** Reads a blob and reports which nodes were skipped and why. */
    public ReadResult readDetailed(BlobId id) throws ReadException, InterruptedException {
        Committee committee = committeeForRead(id);
        return session().read(id, committee);
    }

    /**
     * Shards held by committee members that answer their health endpoint now, and what a write needs
     * before it starts: n − f of n shards, f = ⌊(n − 1) / 3⌋ (the health gate of the sink).
     */
    public ShardHealth shardHealth() {
        Committee committee = chain.committee();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (StorageNodeInfo node : committee.members()) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    new NodeApi(node, transport).health();
                    return node.shards().size();
                } catch (NodeApiException e) {
                    return 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }, requestPool));
        }
        int healthy = answers.stream().mapToInt(CompletableFuture::join).sum();
        int n = committee.nShards();
        return new ShardHealth(healthy, n, n - (n - 1) / 3);
    }

    /** Healthy shards now, of {@code total}; writes want at least {@code required} (n − f). */
    public record ShardHealth(int healthy, int total, int required) {
        public boolean writable() {
            return healthy >= required;
        }
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
        if (ownsChain) {
            chain.close();
        }
    }
}
