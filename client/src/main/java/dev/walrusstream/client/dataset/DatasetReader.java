package dev.walrusstream.client.dataset;

import dev.walrusstream.client.EncryptedBlob;
import dev.walrusstream.client.RangeRead;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.EnvelopeHeader;
import dev.walrusstream.crypto.KeySource;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>Client-side encrypted blobs (docs/encryption.md) are opened with the reader's key source: the
 * manifest, whole segments (verified chunk by chunk, then checked against the manifest's plaintext
 * size and SHA-256), quilt patches of encrypted quilts (the whole quilt is read and opened; the last
 * two are kept) and ranges (only the rows holding the touched chunks). A segment is known to be
 * encrypted from the manifest ({@link FileSegment#encryptedWith()}) or from its envelope header.
 * Without a key, or with a key that does not unwrap, an encrypted blob is an
 * {@link EncryptionException.KeyRefused} naming its key ID: never ciphertext handed out as the file.
 */
public final class DatasetReader implements AutoCloseable {
    private final StorageClient client;
    private final BlobCache cache;
    private final int parallel;
    private final ExecutorService pool;
    private final Envelopes envelopes;
    private final Map<BlobId, StorageClient.OpenBlob> opened = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<BlobId, StorageClient.OpenBlob> e) {
                    return size() > 1024;
                }
            });

    public DatasetReader(StorageClient client, BlobCache cache, int parallel) {
        this(client, cache, parallel, null);
    }

    /** A reader that opens encrypted blobs with {@code keys} (null: encrypted blobs are refused naming their key ID). */
    public DatasetReader(StorageClient client, BlobCache cache, int parallel, KeySource keys) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.client = client;
        this.envelopes = new Envelopes(client, this::open, keys);
        this.cache = cache;
        this.parallel = parallel;
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "walrus-dataset-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads and parses the manifest blob (opened first when it is an encrypted envelope). */
    public DatasetVersion manifest(BlobId manifestId) throws ReadException, NotAManifestException, InterruptedException,
            EncryptionException {
        byte[] bytes = blob(manifestId);
        try {
            return ManifestReader.parse(bytes);
        } catch (NotAManifestException e) {
            throw new NotAManifestException("blob " + manifestId + " is " + e.getMessage());
        }
    }

    /**
     * The verified plaintext of a segment (a whole blob, or a quilt patch's data), through the cache,
     * checked against the manifest's size and SHA-256.
     */
    public byte[] segment(DatasetFile file, FileSegment s) throws ReadException, InterruptedException, EncryptionException {
        byte[] data;
        if (s.quiltPatchId() != null && s.encryptedWith() == null && envelope(s.quiltPatchId().quiltId()).isEmpty()) {
            data = cached("patch:" + s.quiltPatchId().text(), () -> client.readQuiltPatch(s.quiltPatchId()).patch().data());
        } else if (s.quiltPatchId() != null) {
            data = envelopes.patch(s.quiltPatchId(), s.encryptedWith()).data();
        } else {
            data = cached("blob:" + s.blobId().base64Url(), () -> envelopes.plaintext(s.blobId(), client.read(s.blobId()),
                    s.encryptedWith()));
        }
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

    /**
     * A quilt patch by its ID; when the quilt is an encrypted envelope ({@code encryptedWith} says so,
     * or its header does), the whole quilt is read and opened and the patch decoded from its plaintext.
     */
    public QuiltPatch patch(QuiltPatchId id, String encryptedWith) throws ReadException, InterruptedException,
            EncryptionException {
        if (encryptedWith == null && envelope(id.quiltId()).isEmpty()) {
            return client.readQuiltPatch(id).patch();
        }
        return envelopes.patch(id, encryptedWith);
    }

    /** The patch of a quilt (clear or encrypted) with this identifier. */
    public QuiltPatch patch(BlobId quilt, String identifier) throws ReadException, InterruptedException,
            EncryptionException {
        for (QuiltEntry e : patches(quilt)) {
            if (e.identifier().equals(identifier)) {
                return patch(new QuiltPatchId(quilt, e.startColumn(), e.endColumn()), null);
            }
        }
        throw new ReadException(quilt, ReadException.Reason.NOT_FOUND, "quilt " + quilt + " has no patch with identifier '"
                + identifier + "'");
    }

    /** The index of a quilt (clear: only its index columns; encrypted: from its whole plaintext). */
    public List<QuiltEntry> patches(BlobId quilt) throws ReadException, InterruptedException, EncryptionException {
        if (envelope(quilt).isEmpty()) {
            return client.listQuiltPatches(quilt);
        }
        return envelopes.index(quilt);
    }

    /** The envelope header of blob {@code id} when it is encrypted, else empty; one row read, remembered. */
    public Optional<EnvelopeHeader> envelope(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        return envelopes.header(id);
    }

    /** Encrypted blob {@code id} opened for plaintext ranges with this reader's key (remembered). */
    public EncryptedBlob openEncrypted(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        return envelopes.forRanges(id);
    }

    /** Whether this reader holds a key source for encrypted blobs. */
    public boolean decrypts() {
        return envelopes.decrypts();
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
                        } catch (ReadException | InterruptedException | EncryptionException e) {
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
            } else if (isEncrypted(s)) {
                EncryptedBlob blob = openEncrypted(s.blobId());
                if (blob.plaintextLength() != s.size()) {
                    throw new ReadException(s.blobId(), ReadException.Reason.INCONSISTENT, "segment " + s.index() + " of '"
                            + file.path() + "' opens to " + blob.plaintextLength() + " bytes, the manifest says " + s.size());
                }
                out.write(blob.read(from, to));
            } else {
                RangeRead r = open(s.blobId()).read(from, to - from);
                out.write(r.data());
            }
        }
    }

    /** Whether a blob segment is an envelope: the manifest says so, or its stored size differs and its header does. */
    private boolean isEncrypted(FileSegment s) throws ReadException, InterruptedException, EncryptionException {
        if (s.encryptedWith() != null) {
            return true;
        }
        return open(s.blobId()).size() != s.size() && envelope(s.blobId()).isPresent();
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

    private byte[] blob(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        return cached("blob:" + id.base64Url(), () -> envelopes.plaintext(id, client.read(id), null));
    }

    private byte[] cached(String key, BlobCache.Loader loader) throws ReadException, InterruptedException,
            EncryptionException {
        try {
            return cache.get(key, loader);
        } catch (ReadException | InterruptedException | EncryptionException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] join(CompletableFuture<byte[]> f) throws ReadException, InterruptedException,
            EncryptionException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ReadException r) {
                throw r;
            }
            if (e.getCause() instanceof EncryptionException x) {
                throw x;
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
