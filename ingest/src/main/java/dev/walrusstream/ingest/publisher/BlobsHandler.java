package dev.walrusstream.ingest.publisher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.ingest.DatasetRef;
import dev.walrusstream.ingest.StreamUpload;
import dev.walrusstream.ingest.UploadIds;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.ingest.Uploader;
import dev.walrusstream.schemas.Attributes;
import dev.walrusstream.ingest.format.ContentTypes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code PUT /v1/blobs}: the raw body becomes one upload on the chunk topic; the answer (202) names the upload id
 * once Kafka acknowledged every chunk. Query parameters: {@code name} (source name, default the upload id),
 * {@code dataset} and {@code version}, {@code attr.<key>=<value>} attributes, and Walrus's {@code epochs},
 * {@code deletable}, {@code permanent}, recorded as {@code walrus.*} attributes for the job. A body larger than
 * the limit gets 413 and produces nothing: an announced Content-Length is checked before reading; a chunked body
 * is held back until it is known to fit.
 */
final class BlobsHandler implements HttpHandler {
    /** Bodies over the limit are read and discarded up to this much, so clients see the 413; then cut off. */
    private static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private final Uploader uploader;
    private final PublisherSettings settings;
    private final ObjectMapper json = new ObjectMapper();

    BlobsHandler(Uploader uploader, PublisherSettings settings) {
        this.uploader = uploader;
        this.settings = settings;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("PUT")) {
                ex.getResponseHeaders().set("Allow", "PUT");
                error(ex, 405, "method " + ex.getRequestMethod() + " not allowed on /v1/blobs; use PUT");
                return;
            }
            if (!ex.getRequestURI().getPath().equals("/v1/blobs")) {
                error(ex, 404, "no such path: " + ex.getRequestURI().getPath());
                return;
            }
            Request req;
            try {
                req = Request.parse(ex.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                error(ex, 400, e.getMessage());
                return;
            }
            String contentType = headerOr(ex, "Content-Type", ContentTypes.OCTET_STREAM);
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            String uploadId = UploadIds.next();
            String name = req.name != null ? req.name : uploadId;
            Map<String, String> attrs = new LinkedHashMap<>(req.attributes);
            attrs.putIfAbsent(Attributes.NAME, name);
            if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    error(ex, 400, "bad Content-Length: '" + length + "'");
                    return;
                }
                if (declared > settings.maxBodyBytes()) {
                    tooLarge(ex, declared, declared <= DISCARD_LIMIT);
                    return;
                }
                StreamUpload source = StreamUpload.of(ex.getRequestBody(), name, contentType, attrs,
                        OptionalLong.of(declared));
                produce(ex, uploadId, req.dataset, source);
            } else {
                BodySpool spool;
                try {
                    spool = BodySpool.read(ex.getRequestBody(), settings.maxBodyBytes());
                } catch (BodySpool.TooLarge e) {
                    tooLarge(ex, -1, true);
                    return;
                }
                try (spool; InputStream body = spool.open()) {
                    produce(ex, uploadId, req.dataset, StreamUpload.of(body, name, contentType, attrs,
                            OptionalLong.of(spool.size())));
                }
            }
        } catch (RuntimeException e) {
            error(ex, 500, "internal error: " + e);
        }
    }

    private void produce(HttpExchange ex, String uploadId, DatasetRef dataset, StreamUpload source)
            throws IOException {
        CompletableFuture<UploadResult> done;
        try {
            done = uploader.upload(uploadId, source, dataset, n -> { });
        } catch (IOException e) {
            error(ex, 503, "upload " + uploadId + " is incomplete: " + e.getMessage());
            return;
        }
        UploadResult r;
        try {
            r = done.get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            error(ex, 503, "Kafka did not acknowledge upload " + uploadId + ": " + e.getCause().getMessage());
            return;
        } catch (TimeoutException e) {
            error(ex, 503, "Kafka did not acknowledge upload " + uploadId + " within "
                    + settings.ackTimeout().toSeconds() + " s");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ex, 503, "interrupted");
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("uploadId", r.uploadId());
        body.put("sourceName", r.sourceName());
        body.put("contentType", r.contentType());
        body.put("size", r.size());
        body.put("chunks", r.chunks());
        body.put("sha256", r.sha256());
        body.put("topic", r.topic());
        body.put("partition", r.partition());
        body.put("firstOffset", r.firstOffset());
        body.put("lastOffset", r.lastOffset());
        ObjectNode attrs = body.putObject("attributes");
        r.attributes().forEach(attrs::put);
        send(ex, 202, body);
    }

    private void tooLarge(HttpExchange ex, long declared, boolean discard) throws IOException {
        String msg = "request body " + (declared >= 0 ? "of " + declared + " bytes " : "")
                + "exceeds the limit of " + settings.maxBodyBytes() + " bytes (" + ByteSize.format(settings.maxBodyBytes())
                + ")";
        ObjectNode body = json.createObjectNode();
        body.put("error", msg);
        body.put("limit", settings.maxBodyBytes());
        ex.getResponseHeaders().set("Connection", "close");
        if (discard) {
            // let the client finish sending so it reads the answer; nothing of it is kept
            try (InputStream in = ex.getRequestBody()) {
                long skipped = 0;
                byte[] sink = new byte[64 * 1024];
                int n;
                while (skipped < DISCARD_LIMIT && (n = in.read(sink)) != -1) {
                    skipped += n;
                }
            } catch (IOException ignored) {
                // the client may already have given up
            }
        }
        send(ex, 413, body);
    }

    private void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        send(ex, status, body);
    }

    private void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] out = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    private static String headerOr(HttpExchange ex, String name, String fallback) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The query parameters of a PUT. */
    static final class Request {
        String name;
        DatasetRef dataset;
        final Map<String, String> attributes = new LinkedHashMap<>();

        static Request parse(String rawQuery) {
            Request r = new Request();
            String dataset = null;
            String version = null;
            if (rawQuery == null || rawQuery.isEmpty()) {
                return r;
            }
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "name" -> r.name = nonEmpty(key, value);
                    case "dataset" -> dataset = nonEmpty(key, value);
                    case "version" -> version = nonEmpty(key, value);
                    case "epochs", "deletable", "permanent" -> r.attributes.put("walrus." + key, value);
                    default -> {
                        if (key.startsWith("attr.") && key.length() > 5) {
                            r.attributes.put(key.substring(5), value);
                        } else {
                            throw new IllegalArgumentException("unknown query parameter '" + key + "' (accepted: "
                                    + "name, dataset, version, attr.<key>, epochs, deletable, permanent)");
                        }
                    }
                }
            }
            if ((dataset == null) != (version == null)) {
                throw new IllegalArgumentException("dataset and version go together; got dataset=" + dataset
                        + ", version=" + version);
            }
            if (dataset != null) {
                r.dataset = new DatasetRef(dataset, version);
            }
            return r;
        }

        private static String nonEmpty(String key, String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("query parameter '" + key + "' is empty");
            }
            return value;
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad percent-encoding in query: '" + s + "'", e);
            }
        }
    }
}
