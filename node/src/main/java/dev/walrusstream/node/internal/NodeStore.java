package dev.walrusstream.node.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.BlobRegistrations;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.SliverType;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The node's store: RocksDB with column families {@code metadata} (blob ID → BCS {@code BlobMetadata}),
 * {@code slivers} (blob ID ‖ type ‖ pair index → BCS {@code SliverData}, for slivers under
 * {@link #MIN_LOG_BYTES}), {@code sliver-locations} (the same keys → where a larger sliver lies in the
 * {@link SliverLog} under {@code sliver-log/}), {@code blobs} (blob ID → what the chain's events say about
 * it) and {@code default} (event cursor). Reads look in the log, then RocksDB, then the files of
 * {@link SliverFiles} under {@code sliver-files/}, where the previous version put larger slivers, one file
 * each; so data written by earlier versions keeps working. Everything written here survives a restart of
 * the node; {@link #syncBlob} makes a blob's data survive a crash of the machine too.
 */
public final class NodeStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /**
     * Slivers of at least this many bytes go to the sliver log; smaller ones to RocksDB, whose write-ahead
     * log packs them without rounding each up to a disk block (the log rounds to 4 KiB, a quarter of this).
     */
    static final int MIN_LOG_BYTES = 16 << 10;

    /** The previous version's sliver files' directory (read and deleted, no longer written), in the data directory. */
    static final String SLIVER_DIR = "sliver-files";
    /** Lock stripes for a sliver's location (replace and release as one step). */
    private static final int STRIPES = 64;
    /** How long a deletion is remembered against puts that began before it. */
    static final long DELETION_MEMORY = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    static final int DELETIONS_KEPT = 4096;
    private static final long PRUNE_EVERY = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private static final byte[] CURSOR_KEY = "event-cursor".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENTS_KEY = "events-applied".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HELD_KEY = "held-shards".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRANSFERRED_KEY = "transferred-slivers".getBytes(StandardCharsets.UTF_8);

    private final RocksDB db;
    private final DBOptions options;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyOptions sliverOptions;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle metadata;
    private final ColumnFamilyHandle slivers;
    private final ColumnFamilyHandle blobs;
    private final ColumnFamilyHandle locations;
    private final SliverFiles files;
    private final SliverLog log;
    private final Object[] stripes = new Object[STRIPES];
    /** Lock stripes for a blob: a put's recording and a deletion of the blob's data exclude each other. */
    private final Object[] blobStripes = new Object[STRIPES];
    /**
     * When each blob's data was last deleted ({@link System#nanoTime()}): a put that began before then
     * and records after it drops what it wrote. Entries older than {@link #DELETION_MEMORY} go once the
     * map is over {@link #DELETIONS_KEPT}.
     */
    private final java.util.concurrent.ConcurrentHashMap<BlobId, Long> deletedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** For tests: runs after a put's slivers are in the log and before they are recorded. */
    private volatile Runnable logWritten = () -> { };
    /** When {@link #deletedAt} was last pruned (nanoTime); two deletions racing here at worst both prune. */
    private volatile long lastPrune = System.nanoTime();
    private final WriteOptions writes = new WriteOptions();
    private final ObjectMapper json = ChainJson.mapper();

    private NodeStore(RocksDB db, DBOptions options, ColumnFamilyOptions cfOptions, ColumnFamilyOptions sliverOptions,
                      List<ColumnFamilyHandle> handles, SliverFiles files, SliverLog log) {
        this.db = db;
        this.files = files;
        this.log = log;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
            blobStripes[i] = new Object();
        }
        this.options = options;
        this.cfOptions = cfOptions;
        this.sliverOptions = sliverOptions;
        this.handles = handles;
        this.meta = handles.get(0);
        this.metadata = handles.get(1);
        this.slivers = handles.get(2);
        this.blobs = handles.get(3);
        this.locations = handles.get(4);
    }

    public static NodeStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2);
            ColumnFamilyOptions cf = new ColumnFamilyOptions();
            ColumnFamilyOptions sliverCf = sliverOptions();
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
                    new ColumnFamilyDescriptor("metadata".getBytes(StandardCharsets.UTF_8), cf),
                    new ColumnFamilyDescriptor("slivers".getBytes(StandardCharsets.UTF_8), sliverCf),
                    new ColumnFamilyDescriptor("blobs".getBytes(StandardCharsets.UTF_8), cf),
                    new ColumnFamilyDescriptor("sliver-locations".getBytes(StandardCharsets.UTF_8), cf));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            SliverFiles files = SliverFiles.open(dir.resolve(SLIVER_DIR));
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            SliverLog log = SliverLog.open(dir.resolve(SliverLog.DIR), SliverLog.DEFAULT_SEGMENT_BYTES, liveBytes(db, handles.get(4)));
            dropStaleLocations(db, handles.get(4), log.missingSegments(), dir);
            return new NodeStore(db, options, cf, sliverCf, handles, files, log);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open the node's RocksDB in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Deletes the locations that point at segments no longer on disk (see {@link SliverLog#missingSegments}):
     * those slivers count as lost, and the node rebuilds them from its peers like any lost sliver.
     */
    private static void dropStaleLocations(RocksDB db, ColumnFamilyHandle locations, java.util.Set<Integer> missing,
                                           Path dir) throws RocksDBException {
        if (missing.isEmpty()) {
            return;
        }
        int dropped = 0;
        try (RocksIterator it = db.newIterator(locations); WriteBatch batch = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (missing.contains(SliverLog.Location.decode(it.value()).segment())) {
                    batch.delete(locations, it.key());
                    dropped++;
                }
            }
            try (WriteOptions sync = new WriteOptions().setSync(true)) {
                db.write(sync, batch);
            }
        }
        System.getLogger(NodeStore.class.getName()).log(System.Logger.Level.WARNING, "the sliver index of " + dir
                + " named " + dropped + " sliver(s) in log segment(s) " + missing + ", which are gone (deleted when "
                + "their last sliver was released, a release the index had not made durable before a crash); those "
                + "locations are dropped");
    }

    /** What the index says each log segment holds, in bytes. */
    private static java.util.Map<Integer, Long> liveBytes(RocksDB db, ColumnFamilyHandle locations) {
        java.util.Map<Integer, Long> live = new java.util.HashMap<>();
        try (RocksIterator it = db.newIterator(locations)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                SliverLog.Location at = SliverLog.Location.decode(it.value());
                live.merge(at.segment(), (long) at.length(), Long::sum);
            }
        }
        return live;
    }

    /**
     * The settings of the column family where earlier versions kept the slivers (now read-only, see the
     * class comment): key-value separation into blob files, no compression.
     */
    static ColumnFamilyOptions sliverOptions() {
        return new ColumnFamilyOptions()
                .setEnableBlobFiles(true)
                .setMinBlobSize(4096)
                .setBlobCompressionType(CompressionType.NO_COMPRESSION)
                .setEnableBlobGarbageCollection(true)
                .setCompressionType(CompressionType.NO_COMPRESSION);
    }

    static byte[] sliverKey(BlobId blobId, SliverType type, int pairIndex) {
        byte[] key = new byte[BlobId.LENGTH + 3];
        System.arraycopy(blobId.bytes(), 0, key, 0, BlobId.LENGTH);
        key[BlobId.LENGTH] = (byte) type.ordinal();
        key[BlobId.LENGTH + 1] = (byte) (pairIndex >>> 8);
        key[BlobId.LENGTH + 2] = (byte) pairIndex;
        return key;
    }

    private byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB read failed: " + e.getMessage(), e);
        }
    }

    private void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
        try {
            db.put(cf, writes, key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB write failed: " + e.getMessage(), e);
        }
    }

    public boolean hasMetadata(BlobId blobId) {
        return db.keyExists(metadata, blobId.bytes());
    }

    /** BCS {@code BlobMetadata} (without ID), or null. */
    public byte[] metadataBcs(BlobId blobId) {
        return get(metadata, blobId.bytes());
    }

    public BlobMetadata metadata(BlobId blobId) {
        byte[] bcs = metadataBcs(blobId);
        return bcs == null ? null : BlobMetadata.fromBcs(bcs);
    }

    public void putMetadata(BlobId blobId, BlobMetadata m) {
        put(metadata, blobId.bytes(), m.toBcs());
    }

    /** BCS {@code SliverData} of the pair's sliver, or null. */
    public byte[] sliver(BlobId blobId, SliverType type, int pairIndex) {
        byte[] key = sliverKey(blobId, type, pairIndex);
        for (int attempt = 0; attempt < 2; attempt++) {
            byte[] at = get(locations, key);
            if (at == null) {
                break;
            }
            byte[] bcs;
            try {
                bcs = log.read(SliverLog.Location.decode(at));
            } catch (SliverLog.CorruptSliverException e) {
                // never served: the sliver counts as lost, and the node rebuilds it from its peers
                System.getLogger(NodeStore.class.getName()).log(System.Logger.Level.WARNING, "dropping the "
                        + type.label() + " sliver of pair " + pairIndex + " of " + blobId + ": " + e.getMessage());
                dropLocationIf(key, at);
                return null;
            }
            if (bcs != null) {
                return bcs;
            }
            // replaced or deleted while it was read: look again
        }
        byte[] bcs = get(slivers, key);
        return bcs != null ? bcs : files.get(blobId, type, pairIndex);
    }

    /** Whether the sliver is stored, without reading its bytes. */
    public boolean hasSliver(BlobId blobId, SliverType type, int pairIndex) {
        byte[] key = sliverKey(blobId, type, pairIndex);
        return db.keyExists(locations, key) || db.keyExists(slivers, key) || files.has(blobId, type, pairIndex);
    }

    public void putSliver(BlobId blobId, SliverType type, int pairIndex, byte[] bcs) {
        putSliver(blobId, type, pairIndex, bcs, 0, bcs.length);
    }

    /** One sliver to store: its type and pair, and a slice of a request body holding its BCS {@code SliverData}. */
    public record SliverPut(SliverType type, int pairIndex, byte[] buffer, int offset, int length) {
    }

    /**
     * Stores {@code length} bytes of {@code buffer} from {@code offset} (a slice of a request body) as the
     * sliver: in the sliver log from {@link #MIN_LOG_BYTES} up, else in the column family {@code slivers}.
     * The newest write wins: an older copy anywhere else is removed.
     */
    public void putSliver(BlobId blobId, SliverType type, int pairIndex, byte[] buffer, int offset, int length) {
        putSlivers(blobId, List.of(new SliverPut(type, pairIndex, buffer, offset, length)));
    }

    /**
     * Stores several slivers of a blob as {@link #putSliver} stores each; those bound for the sliver log go
     * there in one write, back to back. When the blob's data is deleted ({@link #deleteBlobData}) while
     * the put runs, the put records nothing and releases what it wrote: a deleted blob keeps no sliver.
     */
    public void putSlivers(BlobId blobId, List<SliverPut> puts) {
        long began = System.nanoTime();
        List<SliverPut> logged = new ArrayList<>(puts.size());
        List<SliverPut> small = new ArrayList<>();
        List<SliverLog.Slice> slices = new ArrayList<>(puts.size());
        for (SliverPut p : puts) {
            if (p.length() >= MIN_LOG_BYTES) {
                logged.add(p);
                slices.add(new SliverLog.Slice(p.buffer(), p.offset(), p.length()));
            } else {
                small.add(p);
            }
        }
        List<SliverLog.Location> at = logged.isEmpty() ? List.of() : log.appendAll(slices);
        logWritten.run();
        synchronized (blobStripe(blobId)) {
            Long deleted = deletedAt.get(blobId);
            if (deleted != null && deleted - began >= 0) {
                at.forEach(log::release); // written, never recorded: the blob's data was deleted meanwhile
                return;
            }
            small.forEach(p -> putSmall(blobId, p));
            for (int i = 0; i < logged.size(); i++) {
                SliverPut p = logged.get(i);
                byte[] key = sliverKey(blobId, p.type(), p.pairIndex());
                try {
                    replaceLocation(key, at.get(i));
                } catch (RuntimeException e) {
                    for (int j = i; j < logged.size(); j++) {
                        log.release(at.get(j)); // written, never recorded
                    }
                    throw e;
                }
                if (db.keyExists(slivers, key)) {
                    deleteKey(key); // a sliver rewritten larger than before must not be shadowed by its older value
                }
                files.delete(blobId, p.type(), p.pairIndex()); // written by an earlier version
            }
        }
    }

    /** For tests: {@code hook} runs in every later put after its log write, before it records its slivers. */
    void onLogWritten(Runnable hook) {
        logWritten = hook;
    }

    private Object blobStripe(BlobId blobId) {
        return lockFor(blobStripes, blobId.hashCode());
    }

    /**
     * Remembers that the blob's data is deleted now. Over {@link #DELETIONS_KEPT} entries, deletions past
     * {@link #DELETION_MEMORY} are forgotten, at most once a minute (a mass expiry deletes many at once).
     */
    private void noteDeleted(BlobId blobId) {
        long now = System.nanoTime();
        deletedAt.put(blobId, now);
        if (deletedAt.size() > DELETIONS_KEPT && now - lastPrune > PRUNE_EVERY) {
            lastPrune = now;
            deletedAt.values().removeIf(t -> now - t > DELETION_MEMORY);
        }
    }

    private void putSmall(BlobId blobId, SliverPut p) {
        byte[] key = sliverKey(blobId, p.type(), p.pairIndex());
        try {
            db.put(slivers, writes, key, 0, key.length, p.buffer(), p.offset(), p.length());
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB write of the " + p.type().label() + " sliver of pair "
                    + p.pairIndex() + " of " + blobId + " failed: " + e.getMessage(), e);
        }
        replaceLocation(key, null); // a sliver rewritten smaller than before must not be shadowed by its older copy
        files.delete(blobId, p.type(), p.pairIndex()); // written by an earlier version
    }

    private Object stripe(byte[] key) {
        return lockFor(stripes, Arrays.hashCode(key));
    }

    /** The stripe of {@code locks} that {@code hash} falls in. */
    private static Object lockFor(Object[] locks, int hash) {
        return locks[Math.floorMod(hash, STRIPES)];
    }

    /** Removes the sliver's location if it is still {@code expected} (a rewrite meanwhile stays). */
    private void dropLocationIf(byte[] key, byte[] expected) {
        synchronized (stripe(key)) {
            if (Arrays.equals(get(locations, key), expected)) {
                replaceLocation(key, null);
            }
        }
    }

    /** Points the sliver's key at {@code at} (null: removes it) and releases the log space it pointed at before. */
    private void replaceLocation(byte[] key, SliverLog.Location at) {
        synchronized (stripe(key)) {
            byte[] old = get(locations, key);
            if (at != null) {
                put(locations, key, at.encode());
            } else if (old != null) {
                try {
                    db.delete(locations, writes, key);
                } catch (RocksDBException e) {
                    throw new IllegalStateException("RocksDB delete failed: " + e.getMessage(), e);
                }
            }
            if (old != null) {
                log.release(SliverLog.Location.decode(old));
            }
        }
    }

    /**
     * Forces what the node stored of the blob to disk: its sliver files and directories, and RocksDB's
     * write-ahead log (metadata, chain state). A node calls this before it signs a confirmation.
     */
    public void syncBlob(BlobId blobId) {
        log.sync();
        files.sync(blobId);
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB WAL sync failed: " + e.getMessage(), e);
        }
    }

    public BlobRegistrations blobState(BlobId blobId) {
        byte[] raw = get(blobs, blobId.bytes());
        if (raw == null) {
            return BlobRegistrations.EMPTY;
        }
        try {
            return json.readValue(raw, BlobRegistrations.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable blob state for " + blobId + ": " + e.getMessage(), e);
        }
    }

    /** Writes blob states and the event cursor atomically (one applied batch of chain events). */
    public void commitEvents(java.util.Map<BlobId, BlobRegistrations> states, EventCursor cursor, long appliedTotal) {
        try (WriteBatch batch = new WriteBatch()) {
            for (var e : states.entrySet()) {
                batch.put(blobs, e.getKey().bytes(), json.writeValueAsBytes(e.getValue()));
            }
            batch.put(meta, CURSOR_KEY, cursor.value().getBytes(StandardCharsets.UTF_8));
            batch.put(meta, EVENTS_KEY, Long.toString(appliedTotal).getBytes(StandardCharsets.UTF_8));
            db.write(writes, batch);
        } catch (RocksDBException | IOException e) {
            throw new IllegalStateException("RocksDB write of chain events failed: " + e.getMessage(), e);
        }
    }

    public EventCursor cursor() {
        byte[] raw = get(meta, CURSOR_KEY);
        return raw == null ? EventCursor.START : new EventCursor(new String(raw, StandardCharsets.UTF_8));
    }

    /**
     * The shards this node held whole when the sync of {@code epoch} finished: every certified blob
     * had both slivers of each of them here. A node restarted after an epoch change it missed syncs
     * the shards it owns beyond these.
     */
    public record HeldShards(int epoch, java.util.SortedSet<Integer> shards) {
        public HeldShards {
            shards = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(shards));
        }

        String encode() {
            StringBuilder b = new StringBuilder().append(epoch).append(':');
            shards.forEach(s -> b.append(s).append(','));
            return b.toString();
        }

        static HeldShards decode(String raw) {
            int colon = raw.indexOf(':');
            if (colon < 0) {
                throw new IllegalStateException("unreadable held-shards record '" + raw + "'");
            }
            java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
            for (String part : raw.substring(colon + 1).split(",")) {
                if (!part.isEmpty()) {
                    out.add(Integer.parseInt(part));
                }
            }
            return new HeldShards(Integer.parseInt(raw.substring(0, colon)), out);
        }
    }

    /** The last recorded {@link HeldShards}; empty on a store that never finished a sync (or predates the record). */
    public java.util.Optional<HeldShards> heldShards() {
        byte[] raw = get(meta, HELD_KEY);
        return raw == null ? java.util.Optional.empty()
                : java.util.Optional.of(HeldShards.decode(new String(raw, StandardCharsets.UTF_8)));
    }

    public void putHeldShards(HeldShards held) {
        put(meta, HELD_KEY, held.encode().getBytes(StandardCharsets.UTF_8));
    }

    /** Slivers received from previous owners over the node's whole life (kept across restarts). */
    public long transferredSlivers() {
        byte[] raw = get(meta, TRANSFERRED_KEY);
        return raw == null ? 0 : Long.parseLong(new String(raw, StandardCharsets.UTF_8));
    }

    public void putTransferredSlivers(long total) {
        put(meta, TRANSFERRED_KEY, Long.toString(total).getBytes(StandardCharsets.UTF_8));
    }

    public long eventsApplied() {
        byte[] raw = get(meta, EVENTS_KEY);
        return raw == null ? 0 : Long.parseLong(new String(raw, StandardCharsets.UTF_8));
    }

    /** Every blob ID the node has a state for, with that state. */
    public void forEachBlob(BiConsumer<BlobId, BlobRegistrations> action) {
        try (RocksIterator it = db.newIterator(blobs)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                BlobId id = BlobId.of(it.key());
                action.accept(id, json.readValue(it.value(), BlobRegistrations.class));
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable blob state: " + e.getMessage(), e);
        }
    }

    /** Removes one sliver (a shard this node no longer holds). */
    public void deleteSliver(BlobId blobId, SliverType type, int pairIndex) {
        files.delete(blobId, type, pairIndex);
        byte[] key = sliverKey(blobId, type, pairIndex);
        deleteKey(key);
        replaceLocation(key, null);
    }

    private void deleteKey(byte[] key) {
        try {
            db.delete(slivers, writes, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB delete failed: " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} blob IDs with stored metadata, ascending, after {@code after} (null: from the first). */
    public List<BlobId> blobsWithMetadataAfter(BlobId after, int limit) {
        List<BlobId> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(metadata)) {
            if (after == null) {
                it.seekToFirst();
            } else {
                it.seek(after.bytes());
                if (it.isValid() && Arrays.equals(it.key(), after.bytes())) {
                    it.next();
                }
            }
            for (; it.isValid() && out.size() < limit; it.next()) {
                out.add(BlobId.of(it.key()));
            }
        }
        return out;
    }

    /** Removes the blob's metadata and slivers (its chain state stays). */
    public void deleteBlobData(BlobId blobId) {
        synchronized (blobStripe(blobId)) {
            noteDeleted(blobId); // a put under way records nothing after this
            deleteBlobDataLocked(blobId);
        }
    }

    private void deleteBlobDataLocked(BlobId blobId) {
        byte[] from = Arrays.copyOf(blobId.bytes(), BlobId.LENGTH + 3);
        byte[] to = Arrays.copyOf(blobId.bytes(), BlobId.LENGTH + 3);
        to[BlobId.LENGTH] = (byte) 0xFF;
        to[BlobId.LENGTH + 1] = (byte) 0xFF;
        to[BlobId.LENGTH + 2] = (byte) 0xFF;
        // the log's slivers first: a crash before the metadata goes leaves the blob to be deleted again, never
        // locations of a blob without metadata (which nothing would clean up, pinning their segments)
        List<byte[]> logged = new ArrayList<>();
        try (RocksIterator it = db.newIterator(locations)) {
            for (it.seek(from); it.isValid() && Arrays.compareUnsigned(it.key(), to) <= 0; it.next()) {
                logged.add(it.key());
            }
        }
        logged.forEach(key -> replaceLocation(key, null));
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(metadata, blobId.bytes());
            batch.deleteRange(slivers, from, to);
            batch.delete(slivers, to);
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB delete failed: " + e.getMessage(), e);
        }
        files.deleteBlob(blobId);
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        log.close();
        writes.close();
        options.close();
        cfOptions.close();
        sliverOptions.close();
    }
}
