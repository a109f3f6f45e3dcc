package dev.walrusstream.node.internal;

import dev.walrusstream.chain.BlobRegistrations;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.bls.BlsSignature;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.SliverSymbols;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.bcs.BcsException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The storage node's API logic (docs/protocol/walrus-spec.md §3.4): what it accepts, stores, serves and signs. Each
 * refusal is a {@link NodeError} naming the reason; a refusal changes nothing stored.
 */
public final class NodeService {
    /** How a PUT ended: 201 newly stored, 202 buffered pending registration, 200 already there. */
    public enum Stored {
        STORED(201), BUFFERED(202), ALREADY(200);

        public final int code;

        Stored(int code) {
            this.code = code;
        }
    }

    /** A signed confirmation: the exact message and the node's signature over it. */
    public record Confirmation(byte[] message, BlsSignature signature) {
    }

    private final NodeContext ctx;
    private final Object flushLock = new Object();
    private final Map<String, Confirmation> confirmations = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Confirmation> eldest) {
            return size() > 10_000;
        }
    };

    public NodeService(NodeContext ctx) {
        this.ctx = ctx;
    }

    public NodeContext context() {
        return ctx;
    }

    // ---- metadata -----------------------------------------------------------------------------

    public Stored storeMetadata(BlobId blobId, byte[] body, boolean pendingIntent) {
        BlobMetadata metadata;
        try {
            metadata = BlobMetadata.fromBcs(body);
        } catch (BcsException e) {
            throw NodeError.badBcs("BlobMetadata", e.getMessage());
        }
        BlobRegistrations reg = ctx.registrations(blobId);
        if (reg.isInvalid()) {
            throw NodeError.failedPrecondition("INVALID_BLOB", "the blob " + blobId + " was marked invalid by the system",
                    "event", reg.invalidEvent().toString());
        }
        if (ctx.store.hasMetadata(blobId) || ctx.pending.metadata(blobId) != null) {
            return Stored.ALREADY;
        }
        int n = ctx.view().nShards();
        if (metadata.nShards() != n) {
            throw NodeError.invalidArgument("INVALID_METADATA", "the provided metadata failed to verify: it lists "
                    + metadata.nShards() + " sliver pairs, the system has " + n + " shards", "pairs", metadata.nShards(),
                    "nShards", n);
        }
        try {
            metadata.verify(blobId);
        } catch (CodecException e) {
            throw NodeError.invalidArgument("INVALID_METADATA", "the provided metadata failed to verify: " + e.getMessage(),
                    "blobId", blobId.base64Url());
        }
        if (reg.isRegistered(ctx.epoch())) {
            ctx.store.putMetadata(blobId, metadata);
            return Stored.STORED;
        }
        if (!pendingIntent) {
            throw notRegistered(blobId);
        }
        boolean added = ctx.pending.putMetadata(blobId, metadata);
        flushIfRegistered(blobId);
        return added ? Stored.BUFFERED : Stored.ALREADY;
    }

    public byte[] metadataWithId(BlobId blobId) {
        BlobMetadata m = ctx.store.metadata(blobId);
        if (m == null) {
            throw NodeError.notFound("METADATA_NOT_FOUND", "the requested metadata is unavailable", "blobId", blobId.base64Url());
        }
        return m.toBcsWithId(blobId);
    }

    /** {@code "stored"}, {@code "buffered"} or {@code "nonexistent"}. */
    public String metadataStatus(BlobId blobId) {
        if (ctx.store.hasMetadata(blobId)) {
            return "stored";
        }
        return ctx.pending.metadata(blobId) != null ? "buffered" : "nonexistent";
    }

    // ---- slivers ------------------------------------------------------------------------------

    private void checkPair(int pairIndex) {
        int n = ctx.view().nShards();
        if (pairIndex < 0 || pairIndex >= n) {
            throw NodeError.invalidArgument("INDEX_OUT_OF_RANGE", "requires 0 <= index (" + pairIndex + ") < " + n,
                    "index", pairIndex, "max", n);
        }
    }

    /** Uploads go to owned shards only; reads are also served from shards lost in this epoch's change until it is done. */
    private void checkShard(BlobId blobId, int pairIndex, boolean forRead) {
        ShardView view = ctx.view();
        int shard = view.params().shardOfPair(blobId, pairIndex);
        if (forRead ? !view.serves(shard) : !view.owns(shard)) {
            throw NodeError.failedPrecondition("SHARD_NOT_ASSIGNED", "shard " + shard + " (sliver pair " + pairIndex
                    + " of this blob) is not assigned to this node in epoch " + view.epoch(), "shard", shard,
                    "epoch", view.epoch(), "pairIndex", pairIndex);
        }
    }

    /** A sliver upload checked against everything but its hash: parsed, in range, on an owned shard, not yet stored. */
    private record Checked(SliverUpload upload, SliverSymbols sliver) {
        int pairIndex() {
            return upload.pairIndex();
        }

        SliverType type() {
            return upload.type();
        }
    }

    /** The blob's metadata and whether it is already in the store (else buffered pending registration). */
    private record Known(BlobMetadata metadata, boolean persisted) {
    }

    public Stored storeSliver(BlobId blobId, int pairIndex, SliverType type, byte[] body, boolean pendingIntent) {
        SliverUpload upload = new SliverUpload(pairIndex, type, body);
        SliverSymbols sliver = parse(upload);
        Known known = knownMetadata(blobId);
        checkShard(blobId, pairIndex, false);
        if (alreadyHeld(blobId, pairIndex, type, known)) {
            return Stored.ALREADY;
        }
        try {
            ctx.codec.verify(known.metadata(), sliver);
        } catch (CodecException e) {
            throw invalidSliver(sliver, e);
        }
        return persistVerified(blobId, new Checked(upload, sliver), known, pendingIntent);
    }

    /** How a batch of sliver uploads ended: how many were newly stored, buffered and already there. */
    public record BatchStored(int stored, int buffered, int already) {
        public int code() {
            return stored > 0 ? 201 : buffered > 0 ? 202 : 200;
        }
    }

    /**
     * Several slivers of one blob in one request: each is checked as {@link #storeSliver} checks it, the
     * new ones are verified against the metadata together (one expansion per sliver type), and only when
     * every one of them verifies are they stored; one invalid sliver refuses the whole batch, naming it.
     */
    public BatchStored storeSlivers(BlobId blobId, java.util.List<SliverUpload> uploads, boolean pendingIntent) {
        java.util.List<Checked> fresh = new java.util.ArrayList<>();
        Known known = null;
        int already = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SliverUpload u : uploads) {
            if (!seen.add(u.type().label() + "/" + u.pairIndex())) {
                throw NodeError.invalidArgument("DUPLICATE_SLIVER", "the batch holds the " + u.type().label()
                        + " sliver of pair " + u.pairIndex() + " twice", "sliverPairIndex", u.pairIndex(),
                        "type", u.type().label());
            }
            SliverSymbols sliver = parse(u);
            if (known == null) {
                known = knownMetadata(blobId);
            }
            checkShard(blobId, u.pairIndex(), false);
            if (alreadyHeld(blobId, u.pairIndex(), u.type(), known)) {
                already++;
            } else {
                fresh.add(new Checked(u, sliver));
            }
        }
        if (fresh.isEmpty()) {
            return new BatchStored(0, 0, already);
        }
        java.util.List<SliverSymbols> slivers = new java.util.ArrayList<>(fresh.size());
        fresh.forEach(c -> slivers.add(c.sliver()));
        try {
            ctx.codec.verifySymbols(known.metadata(), slivers);
        } catch (CodecException e) {
            // name the first sliver that fails on its own
            for (SliverSymbols sliver : slivers) {
                try {
                    ctx.codec.verify(known.metadata(), sliver);
                } catch (CodecException one) {
                    throw invalidSliver(sliver, one);
                }
            }
            throw invalidSliver(slivers.get(0), e);
        }
        if (readyToStore(blobId, known)) {
            // one write for the batch's slivers
            java.util.List<NodeStore.SliverPut> puts = new java.util.ArrayList<>(fresh.size());
            for (Checked c : fresh) {
                SliverUpload u = c.upload();
                puts.add(new NodeStore.SliverPut(c.type(), c.pairIndex(), u.buffer(), u.offset(), u.length()));
            }
            ctx.store.putSlivers(blobId, puts);
            return new BatchStored(fresh.size(), 0, already);
        }
        int stored = 0;
        int buffered = 0;
        for (Checked c : fresh) {
            switch (persistVerified(blobId, c, known, pendingIntent)) {
                case STORED -> stored++;
                case BUFFERED -> buffered++;
                case ALREADY -> already++;
            }
        }
        return new BatchStored(stored, buffered, already);
    }

    /**
     * One sliver upload: the pair, the sliver type and the BCS {@code SliverData} a single PUT carries, as
     * {@code length} bytes of {@code buffer} from {@code offset} (a batch's entries are slices of its body,
     * stored from there without a copy).
     */
    public record SliverUpload(int pairIndex, SliverType type, byte[] buffer, int offset, int length) {
        public SliverUpload {
            if (offset < 0 || length < 0 || offset > buffer.length - length) {
                throw new IllegalArgumentException("the " + type.label() + " sliver of pair " + pairIndex + " at ["
                        + offset + ", +" + length + ") lies outside the " + buffer.length + "-byte body");
            }
        }

        public SliverUpload(int pairIndex, SliverType type, byte[] body) {
            this(pairIndex, type, body, 0, body.length);
        }

        /** The sliver's bytes as an array of their own (a copy unless the upload is the whole buffer). */
        byte[] bytes() {
            return offset == 0 && length == buffer.length ? buffer
                    : java.util.Arrays.copyOfRange(buffer, offset, offset + length);
        }
    }

    /** The upload's sliver, its symbols left in the request body (verified there, stored from there). */
    private SliverSymbols parse(SliverUpload upload) {
        int pairIndex = upload.pairIndex();
        SliverType type = upload.type();
        checkPair(pairIndex);
        SliverSymbols sliver;
        try {
            sliver = SliverSymbols.fromBcs(type, upload.buffer(), upload.offset(), upload.length());
        } catch (BcsException | CodecException e) {
            throw NodeError.badBcs(type.label() + " SliverData", e.getMessage());
        }
        RedStuffParams params = ctx.view().params();
        int expectedIndex = type == SliverType.PRIMARY ? pairIndex : params.secondaryIndexOfPair(pairIndex);
        if (sliver.index() != expectedIndex) {
            throw NodeError.invalidArgument("SLIVER_INDEX_MISMATCH", "sliver index " + sliver.index()
                    + " is inconsistent with sliver pair index " + pairIndex + " (a " + type.label() + " sliver of pair "
                    + pairIndex + " has index " + expectedIndex + ")", "sliverIndex", sliver.index(),
                    "sliverPairIndex", pairIndex);
        }
        return sliver;
    }

    private Known knownMetadata(BlobId blobId) {
        BlobMetadata metadata = ctx.store.metadata(blobId);
        boolean persisted = metadata != null;
        if (!persisted) {
            metadata = ctx.pending.metadata(blobId);
            if (metadata == null) {
                // a flush persists the metadata before it empties the cache: look again
                metadata = ctx.store.metadata(blobId);
                persisted = metadata != null;
            }
            if (metadata == null) {
                throw metadataMissing(blobId);
            }
        }
        return new Known(metadata, persisted);
    }

    private boolean alreadyHeld(BlobId blobId, int pairIndex, SliverType type, Known known) {
        return ctx.store.hasSliver(blobId, type, pairIndex)
                || (!known.persisted() && ctx.pending.hasSliver(blobId, type, pairIndex));
    }

    private static NodeError invalidSliver(SliverSymbols sliver, CodecException e) {
        return NodeError.invalidArgument("INVALID_SLIVER", "the provided sliver is invalid: " + e.getMessage(),
                "sliverIndex", sliver.index(), "type", sliver.type().label());
    }

    /** Stores (or buffers, pending registration) a sliver that has been verified against the metadata. */
    private Stored persistVerified(BlobId blobId, Checked c, Known known, boolean pendingIntent) {
        SliverType type = c.type();
        int pairIndex = c.pairIndex();
        SliverUpload u = c.upload();
        if (readyToStore(blobId, known)) {
            ctx.store.putSliver(blobId, type, pairIndex, u.buffer(), u.offset(), u.length());
            return Stored.STORED;
        }
        if (!pendingIntent) {
            throw notRegistered(blobId);
        }
        return switch (ctx.pending.putSliver(blobId, type, pairIndex, u.bytes())) {
            case ADDED -> {
                flushIfRegistered(blobId);
                yield Stored.BUFFERED;
            }
            case ALREADY -> Stored.ALREADY;
            case GONE -> {
                // the registration arrived meanwhile and the cache was flushed into the store
                if (!ctx.store.hasMetadata(blobId)) {
                    throw metadataMissing(blobId);
                }
                ctx.store.putSliver(blobId, type, pairIndex, u.buffer(), u.offset(), u.length());
                yield Stored.STORED;
            }
        };
    }

    /**
     * Whether the blob's slivers go straight to the store: its metadata is persisted, or it is registered
     * (then the metadata and slivers buffered before the registration are flushed into the store first).
     */
    private boolean readyToStore(BlobId blobId, Known known) {
        if (known.persisted()) {
            return true;
        }
        if (ctx.registrations(blobId).isRegistered(ctx.epoch())) {
            flushIfRegistered(blobId);
            return true;
        }
        return false;
    }

    private static NodeError metadataMissing(BlobId blobId) {
        return NodeError.failedPrecondition("METADATA_NOT_FOUND", "blob metadata is required but missing; PUT the "
                + "metadata first", "blobId", blobId.base64Url());
    }

    public byte[] sliver(BlobId blobId, int pairIndex, SliverType type) {
        checkPair(pairIndex);
        checkShard(blobId, pairIndex, true);
        byte[] bcs = ctx.store.sliver(blobId, type, pairIndex);
        if (bcs == null) {
            throw NodeError.notFound("SLIVER_NOT_FOUND", "the requested sliver is unavailable", "blobId", blobId.base64Url(),
                    "pairIndex", pairIndex, "type", type.label());
        }
        return bcs;
    }

    public String sliverStatus(BlobId blobId, int pairIndex, SliverType type) {
        checkPair(pairIndex);
        if (ctx.store.hasSliver(blobId, type, pairIndex)) {
            return "stored";
        }
        return ctx.pending.hasSliver(blobId, type, pairIndex) ? "buffered" : "nonexistent";
    }

    /** Moves buffered uploads of a now-registered blob into the store. */
    public void flushIfRegistered(BlobId blobId) {
        if (!ctx.registrations(blobId).isRegistered(ctx.epoch())) {
            return;
        }
        synchronized (flushLock) {
            // metadata into the store first, then out of the cache: an upload racing this flush finds
            // the metadata in one or the other
            BlobMetadata buffered = ctx.pending.metadata(blobId);
            if (buffered != null && !ctx.store.hasMetadata(blobId)) {
                ctx.store.putMetadata(blobId, buffered);
            }
            PendingUploads.Entry e = ctx.pending.remove(blobId);
            if (e == null) {
                return;
            }
            for (var s : e.slivers().entrySet()) {
                String[] k = s.getKey().split("/");
                ctx.store.putSliver(blobId, SliverType.fromLabel(k[0]), Integer.parseInt(k[1]), s.getValue());
            }
        }
    }

    private static NodeError notRegistered(BlobId blobId) {
        return NodeError.failedPrecondition("NOT_REGISTERED", "the blob " + blobId + " has not been registered or has "
                + "already expired (send ?pending=true to buffer uploads until the registration is seen)",
                "blobId", blobId.base64Url());
    }

    // ---- confirmations and status ---------------------------------------------------------------

    /** True when every shard this node holds has both slivers of the blob. */
    public boolean fullyStored(BlobId blobId) {
        if (!ctx.store.hasMetadata(blobId)) {
            return false;
        }
        for (int pair : ctx.view().ownedPairs(blobId)) {
            if (!ctx.store.hasSliver(blobId, SliverType.PRIMARY, pair) || !ctx.store.hasSliver(blobId, SliverType.SECONDARY, pair)) {
                return false;
            }
        }
        return true;
    }

    private boolean registeredFor(BlobId blobId, PersistenceType persistence) {
        BlobRegistrations reg = ctx.registrations(blobId);
        if (persistence instanceof PersistenceType.Deletable d) {
            return reg.isObjectRegistered(d.objectId(), ctx.epoch());
        }
        return reg.isRegistered(ctx.epoch());
    }

    public Confirmation confirm(BlobId blobId, PersistenceType persistence, long waitMillis) throws InterruptedException {
        if (!registeredFor(blobId, persistence)) {
            long wait = Math.min(waitMillis, ctx.limits.maxConfirmationWait().toMillis());
            if (wait <= 0 || !ctx.awaitEvents(() -> registeredFor(blobId, persistence), wait)) {
                throw notRegistered(blobId);
            }
        }
        flushIfRegistered(blobId);
        if (ctx.misbehaviour == dev.walrusstream.node.Misbehaviour.LOSES_SLIVERS) {
            ctx.store.deleteBlobData(blobId);
        }
        if (!fullyStored(blobId)) {
            throw NodeError.failedPrecondition("MISSING_SLIVERS", "the required slivers are not all stored: this node "
                    + "holds shards " + ctx.view().ownedShards() + " and needs both slivers of each", "blobId",
                    blobId.base64Url());
        }
        // slivers are written without a sync of their own: a confirmed sliver must survive a crash
        ctx.store.syncBlob(blobId);
        int epoch = ctx.epoch();
        switch (ctx.misbehaviour) {
            case WRONG_SIGNATURE -> {
                byte[] message = new ConfirmationMessage(epoch, blobId, persistence).toBcs();
                byte[] other = message.clone();
                other[other.length - 1] ^= 1;
                return new Confirmation(message, ctx.keyPair.sign(other));
            }
            case OTHER_BLOB -> {
                byte[] id = blobId.bytes().clone();
                id[0] ^= 1;
                byte[] message = new ConfirmationMessage(epoch, BlobId.of(id), persistence).toBcs();
                return new Confirmation(message, ctx.keyPair.sign(message));
            }
            case OTHER_EPOCH -> {
                byte[] message = new ConfirmationMessage(epoch + 1, blobId, persistence).toBcs();
                return new Confirmation(message, ctx.keyPair.sign(message));
            }
            default -> {
            }
        }
        String key = blobId.base64Url() + "/" + persistence + "/" + epoch;
        synchronized (confirmations) {
            Confirmation c = confirmations.get(key);
            if (c != null) {
                return c;
            }
        }
        byte[] message = new ConfirmationMessage(epoch, blobId, persistence).toBcs();
        Confirmation c = new Confirmation(message, ctx.keyPair.sign(message));
        synchronized (confirmations) {
            confirmations.put(key, c);
        }
        return c;
    }

    public BlobStatus blobStatus(BlobId blobId) {
        return ctx.registrations(blobId).status(ctx.epoch());
    }
}
