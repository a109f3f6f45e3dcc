package dev.walrusstream.node.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RecoverySymbol;
import dev.walrusstream.codec.SliverType;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Walrus storage-node REST API on Jetty: the paths of docs/protocol/walrus-spec.md §3.2, BCS bodies as
 * {@code application/octet-stream}, JSON success envelopes {@code {"success":{"code","data"}}} and
 * Walrus's error envelope {@code {"error":{"code","status","message","details":[ErrorInfo]}}}.
 */
public final class RestHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(RestHandler.class.getName());
    private static final String OCTET = "application/octet-stream";
    private static final long DRAIN_FACTOR = 4;
    private static final long MAX_DRAIN = 64L << 20;
    /** The largest sliver batch a node reads into memory; clients send batches of a few MiB. */
    static final long MAX_BATCH_BODY = 64L << 20;

    private final NodeService service;
    private final SymbolService symbols;
    private final ShardSyncService shardSync;
    private final Supplier<JsonNode> health;
    private final ObjectMapper json = ChainJson.mapper();

    public RestHandler(NodeService service, SymbolService symbols, ShardSyncService shardSync, Supplier<JsonNode> health) {
        this.service = service;
        this.symbols = symbols;
        this.shardSync = shardSync;
        this.health = health;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        try {
            route(request, response, callback, method, path);
        } catch (NodeError e) {
            sendError(response, callback, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(response, callback, NodeError.unavailable("the node is shutting down"));
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, method + " " + path + " failed", e);
            sendError(response, callback, NodeError.internal());
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback, String method, String path)
            throws IOException, InterruptedException {
        String[] p = path.split("/");
        // p[0] = "", p[1] = "v1"
        if (p.length < 3 || !p[1].equals("v1")) {
            throw unknown(method, path);
        }
        if (p.length == 3 && p[2].equals("health")) {
            requireMethod(method, "GET", path);
            sendSuccess(response, callback, 200, health.get());
            return;
        }
        if (p.length == 4 && p[2].equals("migrate") && p[3].equals("sync_shard")) {
            requireMethod(method, "POST", path);
            byte[] body = readBody(request, 4096, "sync_shard request");
            sendBytes(response, callback, shardSync.serve(body));
            return;
        }
        if (p.length < 5 || !p[2].equals("blobs")) {
            throw unknown(method, path);
        }
        BlobId blobId = parseBlobId(p[3]);
        Fields query = Request.extractQueryParameters(request);
        String what = p[4];
        if (what.equals("metadata") && p.length == 5) {
            if (method.equals("PUT")) {
                byte[] body = readBody(request, service.context().metadataBodySize(), "metadata");
                NodeService.Stored s = service.storeMetadata(blobId, body, flag(query, "pending"));
                sendSuccess(response, callback, s.code, json.getNodeFactory().textNode(switch (s) {
                    case STORED -> "metadata successfully stored";
                    case BUFFERED -> "metadata buffered pending registration";
                    case ALREADY -> "metadata already stored";
                }));
            } else {
                requireMethod(method, "GET", path);
                sendBytes(response, callback, service.metadataWithId(blobId));
            }
        } else if (what.equals("slivers") && p.length == 5
                && service.context().misbehaviour != dev.walrusstream.node.Misbehaviour.WALRUS_API_ONLY) {
            // not in Walrus's API: several slivers of this blob in one request (BCS Vec<SliverUpload>, see
            // docs/storage-network.md); the per-sliver PUT below stays as Walrus defines it
            requireMethod(method, "PUT", path);
            byte[] body = readBody(request, MAX_BATCH_BODY, "sliver batch");
            NodeService.BatchStored s = service.storeSlivers(blobId, parseBatch(body), flag(query, "pending"));
            ObjectNode data = json.createObjectNode();
            data.put("stored", s.stored());
            data.put("buffered", s.buffered());
            data.put("already", s.already());
            sendSuccess(response, callback, s.code(), data);
        } else if (what.equals("metadata") && p.length == 6 && p[5].equals("status")) {
            requireMethod(method, "GET", path);
            sendSuccess(response, callback, 200, json.getNodeFactory().textNode(service.metadataStatus(blobId)));
        } else if (what.equals("slivers") && (p.length == 7 || (p.length == 8 && p[7].equals("status")))) {
            int pair = parsePair(p[5]);
            SliverType type = parseType(p[6]);
            if (p.length == 8) {
                requireMethod(method, "GET", path);
                sendSuccess(response, callback, 200, json.getNodeFactory().textNode(service.sliverStatus(blobId, pair, type)));
            } else if (method.equals("PUT")) {
                byte[] body = readBody(request, service.context().maxSliverBody(), type.label() + " sliver");
                NodeService.Stored s = service.storeSliver(blobId, pair, type, body, flag(query, "pending"));
                sendSuccess(response, callback, s.code, json.getNodeFactory().textNode(switch (s) {
                    case STORED -> "sliver stored successfully";
                    case BUFFERED -> "sliver buffered pending registration";
                    case ALREADY -> "sliver already stored";
                }));
            } else {
                requireMethod(method, "GET", path);
                sendBytes(response, callback, service.sliver(blobId, pair, type));
            }
        } else if (what.equals("confirmation") && p.length >= 6) {
            requireMethod(method, "GET", path);
            PersistenceType persistence;
            if (p.length == 6 && p[5].equals("permanent")) {
                persistence = PersistenceType.Permanent.INSTANCE;
            } else if (p.length == 7 && p[5].equals("deletable")) {
                try {
                    persistence = new PersistenceType.Deletable(ObjectId.parse(p[6]));
                } catch (IllegalArgumentException e) {
                    throw NodeError.invalidArgument("INVALID_OBJECT_ID", "object ID '" + p[6] + "' is not a Sui object ID: "
                            + e.getMessage(), "objectId", p[6]);
                }
            } else {
                throw unknown(method, path);
            }
            long wait = flag(query, "wait_for_registration") ? longParam(query, "wait_millis",
                    service.context().limits.maxConfirmationWait().toMillis()) : 0;
            NodeService.Confirmation c = service.confirm(blobId, persistence, wait);
            ObjectNode signed = json.createObjectNode();
            ObjectNode inner = signed.putObject("signed");
            inner.put("serializedMessage", java.util.Base64.getEncoder().encodeToString(c.message()));
            inner.put("signature", c.signature().base64());
            sendSuccess(response, callback, 200, signed);
        } else if (what.equals("status") && p.length == 5) {
            requireMethod(method, "GET", path);
            sendSuccess(response, callback, 200, json.valueToTree(service.blobStatus(blobId)));
        } else if (what.equals("recoverySymbols") && p.length == 5) {
            requireMethod(method, "GET", path);
            List<SymbolService.SymbolId> ids = new ArrayList<>();
            List<String> idValues = query.getValues("id");
            if (idValues != null) {
                for (String v : idValues) {
                    ids.add(SymbolService.SymbolId.parse(v));
                }
            }
            String axis = query.getValue("proofAxis");
            String targetType = query.getValue("targetType");
            String targetSliver = query.getValue("targetSliver");
            if (targetType != null && !ids.isEmpty()) {
                throw NodeError.invalidArgument("INVALID_FILTER", "the filter is invalid: give either id=... or "
                        + "targetSliver and targetType, not both");
            }
            List<RecoverySymbol> list = symbols.symbols(blobId, ids, axis == null ? null : parseType(axis),
                    targetSliver == null ? null : parseIndex(targetSliver, "targetSliver"),
                    targetType == null ? null : parseType(targetType));
            sendBytes(response, callback, RecoverySymbol.listToBcs(list));
        } else {
            throw unknown(method, path);
        }
    }

    /**
     * BCS {@code Vec<(u16 pair index, u8 sliver type: 0 primary / 1 secondary, Vec<u8> SliverData)>}. Each
     * entry's {@code SliverData} stays where it is: the uploads are slices of {@code body}, not copies.
     */
    static List<NodeService.SliverUpload> parseBatch(byte[] body) {
        try {
            dev.walrusstream.codec.bcs.BcsReader r = new dev.walrusstream.codec.bcs.BcsReader(body);
            int count = r.uleb128();
            if (count < 1 || count > 2 * 0xFFFF) {
                throw NodeError.invalidArgument("INVALID_BATCH", "a sliver batch holds 1 to " + 2 * 0xFFFF
                        + " slivers, this one " + count, "count", count);
            }
            List<NodeService.SliverUpload> out = new ArrayList<>(Math.min(count, 4096));
            for (int i = 0; i < count; i++) {
                int pair = r.u16();
                int type = r.u8();
                if (type > 1) {
                    throw NodeError.invalidArgument("INVALID_BATCH", "entry " + i + " of the sliver batch has sliver type "
                            + type + "; 0 is primary, 1 secondary", "entry", i, "sliverType", type);
                }
                int at = r.position();
                int length = r.uleb128();
                if (length > r.remaining()) {
                    throw NodeError.invalidArgument("INVALID_BATCH", "entry " + i + " of the sliver batch claims "
                            + length + " bytes of SliverData at offset " + at + ", only " + r.remaining() + " left",
                            "entry", i, "offset", at, "length", length);
                }
                int offset = r.position();
                out.add(new NodeService.SliverUpload(pair, type == 0 ? SliverType.PRIMARY : SliverType.SECONDARY, body,
                        offset, length));
                r = new dev.walrusstream.codec.bcs.BcsReader(body, offset + length, body.length - offset - length);
            }
            r.expectEnd("sliver batch");
            return out;
        } catch (dev.walrusstream.codec.bcs.BcsException e) {
            throw NodeError.badBcs("sliver batch", e.getMessage());
        }
    }

    private static NodeError unknown(String method, String path) {
        return NodeError.notFound("UNKNOWN_ENDPOINT", "no storage-node endpoint " + method + " " + path, "path", path);
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw NodeError.methodNotAllowed(method, path);
        }
    }

    private static BlobId parseBlobId(String text) {
        try {
            return BlobId.parse(text);
        } catch (IllegalArgumentException e) {
            throw NodeError.invalidArgument("INVALID_BLOB_ID", "invalid blob ID '" + text + "': " + e.getMessage(),
                    "blobId", text);
        }
    }

    private static int parsePair(String text) {
        return parseIndex(text, "sliver pair index");
    }

    private static int parseIndex(String text, String what) {
        try {
            int v = Integer.parseInt(text);
            if (v < 0 || v > 0xFFFF) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw NodeError.invalidArgument("INVALID_ARGUMENT", what + " '" + text + "' is not a u16", what, text);
        }
    }

    private static SliverType parseType(String text) {
        try {
            return SliverType.fromLabel(text);
        } catch (IllegalArgumentException e) {
            throw NodeError.invalidArgument("INVALID_ARGUMENT", e.getMessage(), "sliverType", text);
        }
    }

    private static boolean flag(Fields query, String name) {
        String v = query.getValue(name);
        if (v == null) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw NodeError.invalidArgument("INVALID_ARGUMENT", "query parameter " + name + " must be true or false, got '"
                + v + "'", name, v);
    }

    private static long longParam(Fields query, String name, long fallback) {
        String v = query.getValue(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw NodeError.invalidArgument("INVALID_ARGUMENT", "query parameter " + name + " must be an integer, got '"
                    + v + "'", name, v);
        }
    }

    private static byte[] readBody(Request request, long limit, String what) throws IOException {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null) {
            String media = type.split(";")[0].trim();
            if (!media.equalsIgnoreCase(OCTET)) {
                throw NodeError.invalidArgument("INVALID_CONTENT_TYPE", "Expected request with `Content-Type: "
                        + OCTET + "`, got '" + type + "'", "contentType", type);
            }
        }
        long declared = request.getLength();
        if (declared > limit) {
            drainModestExcess(request, declared, limit);
            throw NodeError.tooLarge(what + " body of " + declared + " bytes exceeds the " + limit + "-byte limit",
                    limit, declared);
        }
        try (InputStream in = Request.asInputStream(request)) {
            if (declared >= 0) {
                // the usual case: read straight into an array of the declared size (no growing and copying)
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                if (read < body.length) {
                    throw NodeError.invalidArgument("INCOMPLETE_BODY", what + " body ended after " + read + " of the "
                            + declared + " bytes its Content-Length declared", "declared", declared, "read", read);
                }
                return body;
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw NodeError.tooLarge(what + " body exceeds the " + limit + "-byte limit", limit, body.length);
            }
            return body;
        }
    }

    /**
     * Reads and discards an oversized body when it is at most {@link #DRAIN_FACTOR} times the limit
     * (and 64 MiB), so the client, still writing it, gets to read the 413 instead of a broken pipe;
     * larger bodies are refused unread and the connection closed.
     */
    private static void drainModestExcess(Request request, long declared, long limit) throws IOException {
        if (declared > Math.min(limit * DRAIN_FACTOR, MAX_DRAIN)) {
            return;
        }
        try (InputStream in = Request.asInputStream(request)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private void sendBytes(Response response, Callback callback, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, OCTET);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private void sendSuccess(Response response, Callback callback, int code, JsonNode data) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode success = root.putObject("success");
        success.put("code", code);
        success.set("data", data);
        sendJson(response, callback, code, root);
    }

    private void sendError(Response response, Callback callback, NodeError e) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", e.httpCode());
        error.put("status", e.status());
        error.put("message", e.getMessage());
        ArrayNode details = error.putArray("details");
        ObjectNode info = details.addObject();
        info.put("@type", "ErrorInfo");
        info.put("reason", e.reason());
        info.put("domain", e.domain());
        ObjectNode meta = info.putObject("metadata");
        for (Map.Entry<String, Object> m : e.metadata().entrySet()) {
            meta.set(m.getKey(), json.valueToTree(m.getValue()));
        }
        try {
            sendJson(response, callback, e.httpCode(), root);
        } catch (IOException | IllegalStateException x) {
            callback.failed(x);
        }
    }

    private void sendJson(Response response, Callback callback, int code, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
