package dev.walrusstream.node.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slivers appended to segment files ({@code seg-<number>.log}, rolled at {@code segmentBytes}); where each
 * sliver lies ({@link Location}) is kept by the caller ({@link NodeStore}, in RocksDB). A write reserves an
 * aligned range of the active segment and writes the bytes there with a positional write, so writers run
 * side by side; it does not sync. {@link #sync} forces every segment written since the last sync to disk.
 *
 * <p>Why a log and not a file per sliver: creating a file is the dearest file-system call (on this
 * project's test machines about 0.6 ms of kernel CPU each, 200 of them per blob at n = 100), and the page
 * cache copy of buffered writes costs more CPU than the write itself. Appends to a few large files opened
 * with {@code O_DIRECT} (where the file system allows it) skip both: the bytes go from an aligned staging
 * buffer (a few are pooled) to the device, and reads come back the same way (docs/benchmarks.md, "The sliver
 * log").
 *
 * <p>Space: each sliver takes its length rounded up to the block size. A segment's live bytes are
 * counted; a sealed segment whose every sliver was released (deleted, replaced, its blob expired) is
 * deleted. A segment keeps its dead bytes until then: there is no compaction, which suits slivers that
 * expire together with the epochs they were stored in.
 *
 * <p>Crashes: the caller records a location only after its bytes are written, so a process killed
 * mid-write leaves only unreferenced bytes, which count as dead. After a restart the log appends to a
 * new segment, never into the tail of an old one.
 */
final class SliverLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SliverLog.class.getName());
    static final String DIR = "sliver-log";
    static final long DEFAULT_SEGMENT_BYTES = 256L << 20;
    private static final int STAGING_BYTES = 1 << 20;
    /** Staging buffers kept between writes: native memory held while idle is at most this many MiB. */
    static final int IDLE_STAGING = 8;
    private static final String PREFIX = "seg-";
    private static final String SUFFIX = ".log";
    /** System property: {@code false} writes through the page cache even where {@code O_DIRECT} works. */
    static final String DIRECT_PROPERTY = "walrus.node.sliver-log.direct";

    /**
     * Where a sliver lies: segment number, byte offset and length, and the CRC32C of its bytes, which
     * every read checks. Encoded in 20 bytes for the index.
     */
    record Location(int segment, long offset, int length, int crc) {
        static final int BYTES = 20;

        byte[] encode() {
            return ByteBuffer.allocate(BYTES).putInt(segment).putLong(offset).putInt(length).putInt(crc).array();
        }

        static Location decode(byte[] raw) {
            if (raw.length != BYTES) {
                throw new IllegalStateException("a sliver location is " + BYTES + " bytes, got " + raw.length);
            }
            ByteBuffer b = ByteBuffer.wrap(raw);
            return new Location(b.getInt(), b.getLong(), b.getInt(), b.getInt());
        }
    }

    /**
     * The bytes at a location are not the ones written there (their CRC32C differs): a write that never
     * reached the disk before a machine crash, or the disk changing them since.
     */
    static final class CorruptSliverException extends RuntimeException {
        CorruptSliverException(String message) {
            super(message);
        }
    }


    private final Path dir;
    private final long segmentBytes;
    private final int block;
    private final boolean direct;
    private final Map<Integer, Segment> segments = new ConcurrentHashMap<>();
    private final AtomicBoolean dirNeedsSync = new AtomicBoolean();
    private final java.util.Set<Integer> missing = new java.util.TreeSet<>();
    /** Aligned staging buffers, lent to one write or read at a time; at most {@link #IDLE_STAGING} kept idle. */
    private final java.util.concurrent.ConcurrentLinkedDeque<ByteBuffer> idleStaging =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger idleCount = new java.util.concurrent.atomic.AtomicInteger();
    private Segment active;

    private SliverLog(Path dir, long segmentBytes, int block, boolean direct) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.block = block;
        this.direct = direct;
    }

    /**
     * Opens the log in {@code dir} (creating it). {@code liveBytes} is what the caller's index says each
     * segment holds; segments it does not name hold nothing and are deleted. Appends go to a new segment.
     */
    static SliverLog open(Path dir, long segmentBytes, Map<Integer, Long> liveBytes) {
        return open(dir, segmentBytes, liveBytes, !"false".equalsIgnoreCase(System.getProperty(DIRECT_PROPERTY)));
    }

    /** As {@link #open(Path, long, Map)}, trying {@code O_DIRECT} only when {@code tryDirect}. */
    static SliverLog open(Path dir, long segmentBytes, Map<Integer, Long> liveBytes, boolean tryDirect) {
        try {
            Files.createDirectories(dir);
            int block = (int) Math.max(512, Math.min(1 << 16, Files.getFileStore(dir).getBlockSize()));
            if (segmentBytes < block || segmentBytes % block != 0) {
                throw new IllegalArgumentException("a sliver log segment must be a positive multiple of the block size "
                        + block + ", got " + segmentBytes);
            }
            boolean direct = tryDirect && directWorks(dir);
            SliverLog log = new SliverLog(dir, segmentBytes, block, direct);
            int last = 0;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
                for (Path f : files) {
                    int number = number(f);
                    last = Math.max(last, number);
                    long live = liveBytes.getOrDefault(number, 0L);
                    if (live == 0) {
                        Files.delete(f);
                    } else {
                        Segment s = new Segment(number, f);
                        s.live.set(live);
                        s.tail = Files.size(f);
                        log.segments.put(number, s);
                    }
                }
            }
            for (Integer named : liveBytes.keySet()) {
                last = Math.max(last, named); // a number the index still names is never used again
                if (!log.segments.containsKey(named)) {
                    // deleted once its last sliver was released, while that release was not yet durable in the
                    // index (a machine crash): the locations left pointing at it are stale
                    log.missing.add(named);
                }
            }
            synchronized (log) {
                log.roll(last + 1);
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sliver log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether this file system takes {@code O_DIRECT} (tmpfs, for one, does not): tried on a scratch file. */
    private static boolean directWorks(Path dir) {
        Path probe = dir.resolve("direct-probe.tmp");
        try {
            Files.deleteIfExists(probe);
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
                return ch.isOpen();
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.INFO, "the sliver log in " + dir + " writes through the page cache: the file "
                    + "system refuses O_DIRECT (" + e + ")");
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a leftover probe is deleted by the next open
            }
        }
    }

    private static int number(Path f) {
        String name = f.getFileName().toString();
        try {
            return Integer.parseInt(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unexpected file " + f + " in the sliver log: segment names are "
                    + PREFIX + "<number>" + SUFFIX, e);
        }
    }

    boolean direct() {
        return direct;
    }

    /**
     * Segments the index named at open that are not on disk: a segment is deleted once its last sliver is
     * released, and after a machine crash the index may not yet know that release. The caller drops
     * the locations that point at them.
     */
    java.util.Set<Integer> missingSegments() {
        return java.util.Collections.unmodifiableSet(missing);
    }

    /** The block size every write is padded to (the file system's). */
    int block() {
        return block;
    }

    /** Staging buffers kept idle now (for tests and diagnostics). */
    int idleStaging() {
        return idleCount.get();
    }

    /** Segments on disk now (for tests and diagnostics). */
    int segmentCount() {
        return segments.size();
    }

    /** Bytes to append: {@code length} bytes of {@code buffer} from {@code offset} (a slice of a request body). */
    record Slice(byte[] buffer, int offset, int length) {
        Slice {
            java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        }
    }

    /** Writes {@code length} bytes of {@code buffer} from {@code offset} to the log; returns where they lie. */
    Location append(byte[] buffer, int offset, int length) {
        return appendAll(List.of(new Slice(buffer, offset, length))).get(0);
    }

    /**
     * Writes the slices back to back (a batch of slivers in one write, padded to the block size once),
     * returning where each lies, in order. A run of slices that would not fit one segment is split.
     */
    List<Location> appendAll(List<Slice> slices) {
        List<Location> out = new ArrayList<>(slices.size());
        int from = 0;
        while (from < slices.size()) {
            long run = 0;
            int to = from;
            while (to < slices.size() && run + slices.get(to).length() <= segmentBytes - block) {
                run += slices.get(to++).length();
            }
            if (to == from) {
                throw new IllegalArgumentException("a sliver of " + slices.get(from).length() + " bytes does not fit a "
                        + "sliver log segment of " + segmentBytes + " bytes");
            }
            try {
                out.addAll(appendRun(slices.subList(from, to), run));
            } catch (RuntimeException | Error e) {
                out.forEach(this::release); // the runs already written are referenced by nobody
                throw e;
            }
            from = to;
        }
        return out;
    }

    private List<Location> appendRun(List<Slice> run, long length) {
        long aligned = align(length);
        Segment s;
        long at;
        synchronized (this) {
            if (active.tail + aligned > segmentBytes) {
                roll(active.number + 1);
            }
            s = active;
            at = s.tail;
            s.tail += aligned;
            s.live.addAndGet(length);
        }
        int[] crcs;
        try {
            crcs = write(s, at, run, length);
        } catch (RuntimeException | Error e) {
            s.live.addAndGet(-length);
            throw e;
        }
        s.dirty.set(true);
        List<Location> out = new ArrayList<>(run.size());
        long pos = at;
        for (int i = 0; i < run.size(); i++) {
            out.add(new Location(s.number, pos, run.get(i).length(), crcs[i]));
            pos += run.get(i).length();
        }
        return out;
    }

    private ByteBuffer takeStaging() {
        ByteBuffer b = idleStaging.pollFirst();
        if (b == null) {
            return ByteBuffer.allocateDirect(STAGING_BYTES + block).alignedSlice(block);
        }
        idleCount.decrementAndGet();
        return b;
    }

    private void giveStaging(ByteBuffer b) {
        if (idleCount.incrementAndGet() <= IDLE_STAGING) {
            idleStaging.addFirst(b);
        } else {
            idleCount.decrementAndGet(); // enough kept: the collector frees this one
        }
    }

    /**
     * Packs the slices through an aligned staging buffer, one block-padded write per buffer-full; returns
     * each slice's CRC32C, taken from each piece as it is copied (while it is in the CPU's cache).
     */
    private int[] write(Segment s, long at, List<Slice> run, long length) {
        ByteBuffer stage = takeStaging();
        stage.clear();
        long pos = at;
        int[] crcs = new int[run.size()];
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try {
            for (int i = 0; i < run.size(); i++) {
                Slice slice = run.get(i);
                crc.reset();
                for (int done = 0; done < slice.length(); ) {
                    int n = Math.min(stage.remaining(), slice.length() - done);
                    stage.put(slice.buffer(), slice.offset() + done, n);
                    crc.update(slice.buffer(), slice.offset() + done, n);
                    done += n;
                    if (!stage.hasRemaining()) {
                        pos = flush(s, stage, pos);
                    }
                }
                crcs[i] = (int) crc.getValue();
            }
            if (stage.position() > 0) {
                int padded = (int) align(stage.position());
                while (stage.position() < padded) {
                    stage.put((byte) 0);
                }
                flush(s, stage, pos);
            }
            return crcs;
        } catch (ClosedChannelException e) {
            // an interrupted writer closes the channel for everyone: reopen it, and tell this writer it was stopped
            s.reopenWriter();
            throw new UncheckedIOException("writing slivers to " + s.path + " was interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + run.size() + " sliver(s) of " + length + " bytes to "
                    + s.path + " at " + at + ": " + e.getMessage(), e);
        } finally {
            giveStaging(stage);
        }
    }

    private long flush(Segment s, ByteBuffer stage, long pos) throws IOException {
        stage.flip();
        while (stage.hasRemaining()) {
            pos += s.writer(direct).write(stage, pos);
        }
        stage.clear();
        return pos;
    }

    /**
     * The bytes at {@code location}, or null when its segment is gone (every sliver in it was released).
     * Throws {@link CorruptSliverException} when they are not the bytes written there.
     */
    byte[] read(Location location) {
        byte[] bytes = readUnchecked(location);
        if (bytes == null) {
            return null;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        if ((int) crc.getValue() != location.crc()) {
            throw new CorruptSliverException("the " + bytes.length + " bytes at " + location + " in the sliver log "
                    + "have CRC32C " + Integer.toHexString((int) crc.getValue()) + ", not "
                    + Integer.toHexString(location.crc()));
        }
        return bytes;
    }

    /** The bytes at {@code location}, or null when its segment is gone (every sliver in it was released). */
    private byte[] readUnchecked(Location location) {
        Segment s = segments.get(location.segment());
        if (s == null) {
            return null;
        }
        byte[] out = new byte[location.length()];
        for (int attempt = 1; ; attempt++) {
            try {
                if (direct) {
                    readDirect(s, location, out);
                } else {
                    ByteBuffer dst = ByteBuffer.wrap(out);
                    while (dst.hasRemaining()) {
                        int n = s.reader(false).read(dst, location.offset() + dst.position());
                        if (n < 0) {
                            throw endsBefore(s, location);
                        }
                    }
                }
                return out;
            } catch (ClosedChannelException e) {
                if (segments.get(location.segment()) != s) {
                    return null; // released and deleted meanwhile
                }
                if (Thread.currentThread().isInterrupted() || attempt >= 3) {
                    throw new UncheckedIOException("reading " + location + " from " + s.path + " was interrupted", e);
                }
                s.reopenReader(); // another reader was interrupted and closed the shared channel: open it again
            } catch (IOException e) {
                if (segments.get(location.segment()) != s) {
                    return null; // released and deleted while it was reopened
                }
                throw new UncheckedIOException("cannot read " + location + " from " + s.path + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads with {@code O_DIRECT} too: the block-aligned window around the sliver goes into a staging
     * buffer, and the sliver is copied out of it. Reads then skip the page cache as writes do
     * (which never filled it), at a sixth of the kernel CPU of a buffered read on the test VM.
     */
    private void readDirect(Segment s, Location location, byte[] out) throws IOException {
        ByteBuffer stage = takeStaging();
        try {
            readDirect(s, location, out, stage);
        } finally {
            giveStaging(stage);
        }
    }

    private void readDirect(Segment s, Location location, byte[] out, ByteBuffer stage) throws IOException {
        int done = 0;
        while (done < out.length) {
            long pos = location.offset() + done;
            long window = pos / block * block;
            int skip = (int) (pos - window);
            int want = Math.min(out.length - done, stage.capacity() - skip);
            stage.clear().limit((int) align(skip + want));
            while (stage.position() < skip + want) {
                int n = s.reader(true).read(stage, window + stage.position());
                if (n < 0) {
                    throw endsBefore(s, location);
                }
            }
            stage.flip().position(skip);
            stage.get(out, done, want);
            done += want;
        }
    }

    private static IllegalStateException endsBefore(Segment s, Location location) {
        return new IllegalStateException("the sliver log segment " + s.path + " ends before the end of " + location);
    }

    /** The sliver at {@code location} is no longer referenced; a sealed segment left with nothing is deleted. */
    void release(Location location) {
        Segment s = segments.get(location.segment());
        if (s == null) {
            return;
        }
        long left = s.live.addAndGet(-location.length());
        if (left < 0) {
            throw new IllegalStateException("the sliver log released more than segment " + s.number + " holds ("
                    + left + " bytes left after " + location + ")");
        }
        if (left == 0) {
            synchronized (this) {
                if (s != active && s.live.get() == 0 && segments.remove(s.number, s)) {
                    s.delete();
                }
            }
        }
    }

    /** Forces every segment written since the last sync (and the directory, when a segment was added) to disk. */
    void sync() {
        for (Segment s : segments.values()) {
            s.syncIfDirty(direct);
        }
        synchronized (dirNeedsSync) {
            // under the lock: a caller that finds the flag clear returns only after the sync that cleared it
            if (dirNeedsSync.getAndSet(false)) {
                try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                    ch.force(true);
                } catch (IOException e) {
                    dirNeedsSync.set(true);
                    throw new UncheckedIOException("cannot sync the directory " + dir + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private long align(long length) {
        return (length + block - 1) / block * block;
    }

    /** Seals the active segment (deleting it if it holds nothing) and starts segment {@code number}. */
    private void roll(int number) {
        Segment old = active;
        Path path = dir.resolve(String.format("%s%08d%s", PREFIX, number, SUFFIX));
        Segment fresh = new Segment(number, path);
        try {
            fresh.create(direct);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sliver log segment " + path + ": " + e.getMessage(), e);
        }
        segments.put(number, fresh);
        active = fresh;
        dirNeedsSync.set(true);
        if (old != null && old.live.get() == 0 && segments.remove(old.number, old)) {
            old.delete();
        }
    }

    @Override
    public synchronized void close() {
        for (Segment s : segments.values()) {
            s.closeChannels();
        }
    }

    /** One segment file: its channels (reopened when an interrupted thread closed them), tail and live bytes. */
    private static final class Segment {
        final int number;
        final Path path;
        final AtomicLong live = new AtomicLong();
        final AtomicBoolean dirty = new AtomicBoolean();
        /** The next free offset (guarded by the log's lock). */
        long tail;
        private volatile FileChannel writer;
        private volatile FileChannel reader;
        /** Set once its file is deleted (guarded by this segment's lock). */
        private boolean deleted;

        Segment(int number, Path path) {
            this.number = number;
            this.path = path;
        }

        void create(boolean direct) throws IOException {
            writer = FileChannel.open(path, options(direct, StandardOpenOption.CREATE_NEW));
        }

        private static OpenOption[] options(boolean direct, OpenOption how) {
            return direct ? new OpenOption[]{how, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT}
                    : new OpenOption[]{how, StandardOpenOption.WRITE};
        }

        FileChannel writer(boolean direct) throws IOException {
            FileChannel w = writer;
            if (w == null || !w.isOpen()) {
                synchronized (this) {
                    if (writer == null || !writer.isOpen()) {
                        writer = FileChannel.open(path, options(direct, StandardOpenOption.WRITE));
                    }
                    w = writer;
                }
            }
            return w;
        }

        /** Drops the writer if it is closed (another thread may have opened a fresh one meanwhile: that one stays). */
        synchronized void reopenWriter() {
            if (writer != null && !writer.isOpen()) {
                writer = null;
            }
        }

        FileChannel reader(boolean direct) throws IOException {
            FileChannel r = reader;
            if (r == null || !r.isOpen()) {
                synchronized (this) {
                    if (reader == null || !reader.isOpen()) {
                        reader = direct ? FileChannel.open(path, StandardOpenOption.READ,
                                com.sun.nio.file.ExtendedOpenOption.DIRECT) : FileChannel.open(path, StandardOpenOption.READ);
                    }
                    r = reader;
                }
            }
            return r;
        }

        /** Drops the reader if it is closed (another thread may have opened a fresh one meanwhile: that one stays). */
        synchronized void reopenReader() {
            if (reader != null && !reader.isOpen()) {
                reader = null;
            }
        }

        /**
         * Forces the segment to disk if it was written since its last sync. Synchronized, so that a caller
         * that finds the flag already cleared by another caller's sync waits for that sync to end: its
         * writes, done before the flag was cleared, are on disk when it returns. A deleted segment holds
         * nothing to keep.
         */
        synchronized void syncIfDirty(boolean direct) {
            if (deleted || !dirty.getAndSet(false)) {
                return;
            }
            try {
                writer(direct).force(false);
            } catch (IOException e) {
                dirty.set(true);
                throw new UncheckedIOException("cannot sync the sliver log segment " + path + ": " + e.getMessage(), e);
            }
        }

        synchronized void closeChannels() {
            closeQuietly(writer);
            closeQuietly(reader);
        }

        synchronized void delete() {
            deleted = true;
            closeChannels();
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete the empty sliver log segment " + path
                        + " (the next start deletes it): " + e.getMessage());
            }
        }

        private static void closeQuietly(FileChannel ch) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing a channel we no longer use
                }
            }
        }
    }
}
