package dev.walrusstream.aggregator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.walrusstream.client.EncryptedBlob;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.dataset.DatasetFile;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.EnvelopeHeader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The aggregator's routes. Bodies are streamed in windows of {@code windowBytes}; ranges of blobs and
 * of dataset files fetch only the systematic slivers holding them.
 */
final class Routes implements HttpHandler {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Set on a blob that is a client-side encrypted envelope: its format, {@code WSE1}. */
    static final String ENCRYPTED = "X-Walrus-Stream-Encrypted";
    /** The key ID an encrypted blob's data key is wrapped with. */
    static final String KEY_ID = "X-Walrus-Stream-Key-Id";
    /** {@code plaintext} (opened with the aggregator's key) or {@code ciphertext} (served as stored). */
    static final String BODY = "X-Walrus-Stream-Body";

    /** Reads bytes {@code [offset, offset + length)} of a body (length at most one window). */
    @FunctionalInterface
    interface Windows {
        byte[] read(long offset, long length) throws Exception;
    }

    private final Aggregator aggregator;
    private final DatasetReader reader;

    Routes(Aggregator aggregator) {
        this.aggregator = aggregator;
        this.reader = aggregator.reader();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            route(ex);
        }
    }

    /** Answers one request; errors become JSON error responses (the exchange is closed by the caller). */
    private void route(HttpExchange ex) {
        try {
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (!head && !ex.getRequestMethod().equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                throw new HttpError(405, "METHOD_NOT_ALLOWED", ex.getRequestMethod() + " is not served; use GET or HEAD");
            }
            List<String> s = segments(ex.getRequestURI().getRawPath());
            if (s.isEmpty() || s.size() == 1 && s.get(0).equals("index.html")) {
                sendBytes(ex, head, 200, "text/html; charset=utf-8", ConsolePage.html());
                return;
            }
            if (s.size() < 2 || !s.get(0).equals("v1")) {
                throw HttpError.notFound("NOT_FOUND", "no route for " + ex.getRequestURI().getRawPath());
            }
            String kind = s.get(1);
            if (kind.equals("blobs") && s.size() == 3) {
                blob(ex, head, blobId(s.get(2), "blob ID"));
            } else if (kind.equals("blobs") && s.size() == 4 && s.get(2).equals("by-quilt-patch-id")) {
                QuiltPatchId id = patchId(s.get(3));
                patch(ex, head, gated(() -> reader.patch(id, null)), id.quiltId());
            } else if (kind.equals("blobs") && s.size() >= 5 && s.get(2).equals("by-quilt-id")) {
                BlobId quilt = blobId(s.get(3), "quilt ID");
                String identifier = String.join("/", s.subList(4, s.size()));
                patch(ex, head, gated(() -> byIdentifier(quilt, identifier)), quilt);
            } else if (kind.equals("quilts") && s.size() == 4 && s.get(3).equals("patches")) {
                BlobId quilt = blobId(s.get(2), "quilt ID");
                patches(ex, head, quilt);
            } else if (kind.equals("receipts") && s.size() == 2) {
                sendJson(ex, head, 200, aggregator.recentReceipts());
            } else if (kind.equals("datasets")) {
                datasets(ex, head, s.subList(2, s.size()));
            } else {
                throw HttpError.notFound("NOT_FOUND", "no route for " + ex.getRequestURI().getRawPath());
            }
        } catch (HttpError e) {
            error(ex, e.status, e.reason, e.getMessage());
        } catch (ReadException e) {
            readError(ex, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ex, 503, "INTERRUPTED", "the aggregator is shutting down");
        } catch (EncryptionException.KeyRefused e) {
            error(ex, 403, "KEY_REFUSED", e.getMessage() + (aggregator.reader().decrypts() ? ""
                    : " (this aggregator has no key source: start it with --key-file or --key-source)"));
        } catch (EncryptionException.Tampered e) {
            error(ex, 500, "TAMPERED", e.getMessage());
        } catch (EncryptionException e) {
            error(ex, 500, "BAD_ENVELOPE", e.getMessage());
        } catch (IOException e) {
            // the client went away mid-response; nothing more to tell it
        } catch (Exception e) {
            error(ex, 500, "INTERNAL", e.toString());
        }
    }

    private QuiltPatch byIdentifier(BlobId quilt, String identifier) throws ReadException, InterruptedException,
            EncryptionException {
        try {
            return reader.patch(quilt, identifier);
        } catch (ReadException e) {
            if (e.reason() == ReadException.Reason.NOT_FOUND && e.getMessage().contains("no patch with identifier")) {
                throw new PatchNotFound(e);
            }
            throw e;
        }
    }

    /** A quilt that exists but has no such identifier: Walrus's QUILT_PATCH_NOT_FOUND. */
    private static final class PatchNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PatchNotFound(ReadException e) {
            super(e.getMessage(), e, false, false);
        }
    }

    // ---- blobs and quilts

    /**
     * A blob: as stored, or, when it is a client-side encrypted envelope, its plaintext if this aggregator
     * holds a key source (Range and Content-Length on plaintext offsets, only the touched chunks fetched)
     * and its ciphertext as stored otherwise; both marked by the {@code X-Walrus-Stream-*} headers.
     */
    private void blob(HttpExchange ex, boolean head, BlobId id) throws Exception {
        StorageClient.OpenBlob blob = gated(() -> reader.open(id));
        Optional<EnvelopeHeader> envelope = gated(() -> reader.envelope(id));
        Headers h = ex.getResponseHeaders();
        h.set("ETag", id.base64Url());
        h.set("Cache-Control", "public, max-age=86400, stale-while-revalidate=3600");
        if (envelope.isPresent()) {
            h.set(ENCRYPTED, "WSE1");
            h.set(KEY_ID, envelope.get().wrappedKey().keyId());
            if (reader.decrypts()) {
                EncryptedBlob plain = gated(() -> reader.openEncrypted(id));
                h.set(BODY, "plaintext");
                serve(ex, head, plain.plaintextLength(), ContentTypes.DEFAULT,
                        (offset, length) -> gated(() -> plain.read(offset, offset + length)));
                return;
            }
            h.set(BODY, "ciphertext");
        }
        serve(ex, head, blob.size(), ContentTypes.DEFAULT, (offset, length) -> gated(() -> blob.read(offset, length).data()));
    }

    private void patch(HttpExchange ex, boolean head, QuiltPatch p, BlobId quilt) throws Exception {
        Headers h = ex.getResponseHeaders();
        if (p.identifier().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            h.set("X-Quilt-Patch-Identifier", p.identifier());
        }
        h.set("ETag", quilt.base64Url());
        h.set("Cache-Control", "public, max-age=86400, stale-while-revalidate=3600");
        String type = null;
        for (Map.Entry<String, String> t : p.tags().entrySet()) {
            if (t.getKey().equalsIgnoreCase("content-type")) {
                type = t.getValue();
            }
        }
        byte[] data = p.data();
        serve(ex, head, data.length, ContentTypes.of(p.identifier(), type),
                (offset, length) -> java.util.Arrays.copyOfRange(data, (int) offset, (int) (offset + length)));
    }

    private void patches(HttpExchange ex, boolean head, BlobId quilt) throws Exception {
        List<QuiltEntry> entries = gated(() -> reader.patches(quilt));
        ArrayNode a = JSON.createArrayNode();
        for (QuiltEntry e : entries) {
            ObjectNode o = a.addObject();
            o.put("identifier", e.identifier());
            o.put("patch_id", new QuiltPatchId(quilt, e.startColumn(), e.endColumn()).text());
            o.set("tags", JSON.valueToTree(e.tags()));
        }
        sendJson(ex, head, 200, a);
    }

    // ---- datasets

    private void datasets(HttpExchange ex, boolean head, List<String> s) throws Exception {
        if (s.isEmpty()) {
            ArrayNode a = JSON.createArrayNode();
            for (DatasetCatalog.Entry e : aggregator.catalog().all()) {
                a.add(DatasetJson.summary(e));
            }
            sendJson(ex, head, 200, a);
            return;
        }
        for (String part : s) {
            checkSegment(part);
        }
        if (s.size() == 1) {
            throw HttpError.notFound("NOT_FOUND", "dataset routes are /v1/datasets/{dataset}/{version}[/files/{path}]");
        }
        DatasetCatalog.Entry entry = aggregator.catalog().find(s.get(0), s.get(1)).orElseThrow(() -> HttpError.notFound(
                "DATASET_NOT_FOUND", "no dataset version " + s.get(0) + "/" + s.get(1) + " is known to this aggregator"));
        if (s.size() == 2) {
            sendJson(ex, head, 200, DatasetJson.version(entry));
            return;
        }
        if (!s.get(2).equals("files") || s.size() < 4) {
            throw HttpError.notFound("NOT_FOUND", "dataset routes are /v1/datasets/{dataset}/{version}[/files/{path}]");
        }
        String path = String.join("/", s.subList(3, s.size()));
        DatasetFile file = entry.version().file(path).orElseThrow(() -> HttpError.notFound("FILE_NOT_FOUND",
                "dataset version " + s.get(0) + "/" + s.get(1) + " has no file '" + path + "'"));
        Headers h = ex.getResponseHeaders();
        if (file.sha256() != null) {
            h.set("ETag", "\"" + file.sha256() + "\"");
        }
        h.set("X-Manifest-Blob-Id", entry.manifestId().base64Url());
        serve(ex, head, file.size(), ContentTypes.of(file.path(), file.contentType()), (offset, length) -> gated(() -> {
            java.io.ByteArrayOutputStream window = new java.io.ByteArrayOutputStream((int) length);
            reader.copyRange(file, offset, length, window);
            return window.toByteArray();
        }));
    }

    // ---- plumbing

    /** Runs a read within the concurrency bound; waits up to queueWait for a slot, then 503. */
    private <T> T gated(Read<T> read) throws Exception {
        if (!aggregator.reads().tryAcquire(aggregator.config().queueWait().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new HttpError(503, "BUSY", "all " + aggregator.config().maxConcurrentReads() + " read slots stayed busy for "
                    + aggregator.config().queueWait().toSeconds() + " s");
        }
        try {
            return read.run();
        } catch (PatchNotFound e) {
            throw HttpError.notFound("QUILT_PATCH_NOT_FOUND", e.getMessage());
        } finally {
            aggregator.reads().release();
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws Exception;
    }

    private void serve(HttpExchange ex, boolean head, long size, String contentType, Windows body) throws Exception {
        Headers h = ex.getResponseHeaders();
        h.set("Accept-Ranges", "bytes");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Type", contentType);
        ByteRange range = ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), size);
        if (range instanceof ByteRange.Unsatisfiable u) {
            h.set("Content-Range", u.contentRange());
            h.remove("Content-Type");
            throw new HttpError(416, "RANGE_NOT_SATISFIABLE", "range '" + u.header() + "' starts past the end of the "
                    + size + " bytes");
        }
        long start = range instanceof ByteRange.Slice sl ? sl.start() : 0;
        long length = range instanceof ByteRange.Slice sl ? sl.length() : size;
        int status = range instanceof ByteRange.Slice ? 206 : 200;
        if (range instanceof ByteRange.Slice sl) {
            h.set("Content-Range", sl.contentRange());
        }
        if (head) {
            h.set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        // the first window is read before the status is sent, so a read that cannot be served is still a 4xx/5xx
        int window = aggregator.config().windowBytes();
        byte[] first = length == 0 ? new byte[0] : body.read(start, Math.min(window, length));
        ex.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) {
            OutputStream out = ex.getResponseBody();
            out.write(first);
            for (long at = start + first.length; at < start + length; ) {
                byte[] next = body.read(at, Math.min(window, start + length - at));
                if (next.length == 0) {
                    throw new IOException("body ended at " + at + " of " + (start + length) + " bytes");
                }
                out.write(next);
                at += next.length;
            }
            out.flush();
        }
    }

    private static void sendBytes(HttpExchange ex, boolean head, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    private static void sendJson(HttpExchange ex, boolean head, int status, Object json) throws IOException {
        sendBytes(ex, head, status, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    }

    private void readError(HttpExchange ex, ReadException e) {
        switch (e.reason()) {
            case NOT_FOUND, INVALID -> error(ex, 404, "BLOB_NOT_FOUND", e.getMessage());
            case NOT_A_QUILT -> error(ex, 404, "NOT_A_QUILT", e.getMessage());
            case INCONSISTENT -> error(ex, 500, "INCONSISTENT", e.getMessage());
            default -> {
                ex.getResponseHeaders().set("Retry-After", Long.toString(aggregator.config().retryAfter().toSeconds()));
                error(ex, 503, e.reason().name(), e.getMessage());
            }
        }
    }

    private static void error(HttpExchange ex, int status, String reason, String message) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode err = o.putObject("error");
        err.put("code", status);
        err.put("status", reason);
        err.put("message", message);
        err.putArray("details").addObject().put("reason", reason);
        try {
            sendJson(ex, ex.getRequestMethod().equals("HEAD"), status, o);
        } catch (IOException | RuntimeException ignored) {
            // headers were already sent (an error mid-stream) or the client left: the connection is closed
        }
    }

    /** Percent-decoded path segments; an empty path is the console. */
    static List<String> segments(String rawPath) throws HttpError {
        List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty() && i == parts.length - 1) {
                continue;
            }
            try {
                out.add(URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("path segment '" + parts[i] + "' is not valid percent-encoding: " + e.getMessage());
            }
        }
        return out;
    }

    /** Dataset, version and file path segments: nothing that could climb out or hide a separator. */
    static void checkSegment(String segment) throws HttpError {
        if (segment.isEmpty() || segment.equals("..") || segment.equals(".") || segment.contains("/")
                || segment.contains("\\") || segment.indexOf('\0') >= 0) {
            throw HttpError.badRequest("path segment '" + segment + "' is not allowed in dataset routes (empty, '.', "
                    + "'..', or holding a separator)");
        }
    }

    static BlobId blobId(String text, String what) throws HttpError {
        try {
            return BlobId.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(what + " '" + text + "' is malformed: " + e.getMessage());
        }
    }

    static QuiltPatchId patchId(String text) throws HttpError {
        try {
            return QuiltPatchId.parse(text);
        } catch (CodecException e) {
            throw HttpError.badRequest("quilt patch ID '" + text + "' is malformed: " + e.getMessage());
        }
    }
}
