package dev.walrusstream.client.dataset;

import dev.walrusstream.client.RangeRead;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads dataset versions: the manifest by its blob ID, and files across their segments, streamed in
 * order to an output stream. A whole-file read keeps at most {@code parallel} segments in flight (its
 * memory bound is {@code parallel} × the largest segment) and checks each segment's SHA-256 and the
 * file's against the manifest. A range read fetches only the segments it overlaps, and of a segment it
 * covers only partly, only the systematic slivers holding the range.
 */
public final class DatasetReader implements AutoCloseable {
    private final StorageClient client;
    private final BlobCache cache;
    private final int parallel;
    private final ExecutorService pool;
    private final Map<BlobId, StorageClient.OpenBlob> opened = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<BlobId, StorageClient.OpenBlob> e) {
                    return size() > 1024;
                }
            });

    public DatasetReader(StorageClient client, BlobCache cache, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.client = client;
        this.cache = cache;
        this.parallel = parallel;
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "walrus-dataset-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads and parses the manifest blob. */
    public DatasetVersion manifest(BlobId manifestId) throws ReadException, NotAManifestException, InterruptedException {
        byte[] bytes = blob(manifestId);
        try {
            return ManifestReader.parse(bytes);
        } catch (NotAManifestException e) {
            throw new NotAManifestException("blob " + manifestId + " is " + e.getMessage());
        }
    }

    /** The verified bytes of a segment (a whole blob, or a quilt patch's data), through the cache. */
    public byte[] segment(DatasetFile file, FileSegment s) throws ReadException, InterruptedException {
        String key = s.quiltPatchId() != null ? "patch:" + s.quiltPatchId().text() : "blob:" + s.blobId().base64Url();
        byte[] data = cached(key, () -> s.quiltPatchId() != null ? client.readQuiltPatch(s.quiltPatchId()).patch().data()
                : client.read(s.blobId()));
        if (data.length != s.size()) {
            throw new ReadException(s.blobId(), ReadException.Reason.INCONSISTENT, "segment " + s.index() + " of '"
                    + file.path() + "' is " + data.length + " bytes, the manifest says " + s.size());
        }
        if (s.sha256() != null && !s.sha256().equalsIgnoreCase(sha256(data))) {
            throw new ReadException(s.blobId(), ReadException.Reason.INCONSISTENT, "segment " + s.index() + " of '"
                    + file.path() + "' has SHA-256 " + sha256(data) + ", the manifest says " + s.sha256());
        }
        return data;
    }

    /** Streams the whole file, segments fetched up to {@code parallel} at a time, checked against the manifest. */
    public void copy(DatasetFile file, OutputStream out) throws ReadException, InterruptedException, IOException {
        MessageDigest whole = digest();
        Deque<CompletableFuture<byte[]>> ahead = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < file.segments().size() || !ahead.isEmpty()) {
                while (ahead.size() < parallel && next < file.segments().size()) {
                    FileSegment s = file.segments().get(next++);
                    ahead.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return segment(file, s);
                        } catch (ReadException | InterruptedException e) {
                            throw new CompletionException(e);
                        }
                    }, pool));
                }
                byte[] data = join(ahead.poll());
                whole.update(data);
                out.write(data);
            }
        } finally {
            ahead.forEach(f -> f.cancel(true));
        }
        String actual = HexFormat.of().formatHex(whole.digest());
        if (file.sha256() != null && !file.sha256().equalsIgnoreCase(actual)) {
            throw new ReadException(file.segments().isEmpty() ? null : file.segments().get(0).blobId(),
                    ReadException.Reason.INCONSISTENT, "file '" + file.path() + "' has SHA-256 " + actual
                    + ", the manifest says " + file.sha256());
        }
    }

    /**
     * Streams bytes {@code [offset, offset + length)} of the file (clipped to its end), exactly, across
     * segment boundaries: whole segments read and checked, partly covered blob segments by range.
     */
    public void copyRange(DatasetFile file, long offset, long length, OutputStream out)
            throws ReadException, InterruptedException, IOException {
        long end = Math.min(file.size(), offset + length);
        for (FileSegment s : file.segments()) {
            if (s.end() <= offset || s.offset() >= end) {
                continue;
            }
            long from = Math.max(offset, s.offset()) - s.offset();
            long to = Math.min(end, s.end()) - s.offset();
            if (from == 0 && to == s.size() || s.quiltPatchId() != null) {
                byte[] data = segment(file, s);
                out.write(data, (int) from, (int) (to - from));
            } else {
                RangeRead r = open(s.blobId()).read(from, to - from);
                out.write(r.data());
            }
        }
    }

    /** The blob looked up for range reads, remembered (up to 1024 blobs) so later ranges skip the lookup. */
    public StorageClient.OpenBlob open(BlobId id) throws ReadException, InterruptedException {
        StorageClient.OpenBlob o = opened.get(id);
        if (o == null) {
            o = client.open(id);
            opened.put(id, o);
        }
        return o;
    }

    public StorageClient client() {
        return client;
    }

    public BlobCache cache() {
        return cache;
    }

    private byte[] blob(BlobId id) throws ReadException, InterruptedException {
        return cached("blob:" + id.base64Url(), () -> client.read(id));
    }

    private byte[] cached(String key, BlobCache.Loader loader) throws ReadException, InterruptedException {
        try {
            return cache.get(key, loader);
        } catch (ReadException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] join(CompletableFuture<byte[]> f) throws ReadException, InterruptedException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ReadException r) {
                throw r;
            }
            if (e.getCause() instanceof InterruptedException i) {
                throw i;
            }
            throw e;
        }
    }

    public static String sha256(byte[] data) {
        MessageDigest d = digest();
        d.update(data);
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
