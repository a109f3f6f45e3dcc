package dev.walrusstream.devnet.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.http.LocalChainProtocol;
import dev.walrusstream.devnet.ledger.LocalLedger;
import dev.walrusstream.codec.BlobId;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Serves a {@link LocalChain} over HTTP/JSON on one address (loopback by default), so storage nodes
 * and clients in other processes use it through {@link LocalChainHttpClient}. Every response carries the
 * header {@code X-Walrus-Stream-Chain: LocalChain (local development ledger, not Sui)}, and
 * {@code GET /v1/health} says the same in its body.
 *
 * <p>Paths: {@code GET /v1/health}, {@code /v1/info}, {@code /v1/committee},
 * {@code /v1/accounts/{address}/balance}, {@code /v1/accounts/{address}/blobs/{blobId}},
 * {@code /v1/blobs/{blobId}/status}, {@code /v1/objects/{objectId}},
 * {@code /v1/events?after=&limit=&waitMillis=}; {@code POST /v1/tx/reserve-space},
 * {@code /v1/tx/register-blob}, {@code /v1/tx/reserve-and-register}, {@code /v1/tx/certify-blob}, {@code /v1/tx/certify-blobs}, {@code /v1/tx/register-blobs},
 * {@code /v1/tx/delete-blob}, {@code /v1/tx/extend-blob}, {@code /v1/tx/extend-blobs}, {@code /v1/dev/advance-epoch},
 * {@code /v1/dev/faucet}. Refusals are 400 with {@code {"error":{"rule","message","values"}}}.
 */
public final class LocalChainHttpServer implements AutoCloseable {
    /** Largest request body accepted (certificates and registrations are far smaller). */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Longest an events request may wait. */
    public static final Duration MAX_EVENT_WAIT = Duration.ofSeconds(30);
    public static final int MAX_EVENTS_PER_PAGE = 1000;

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per call
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final LocalChain chain;
    private final LocalLedger ledger;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = ChainJson.mapper();

    private LocalChainHttpServer(LocalChain chain, HttpServer server, ExecutorService executor) {
        this.chain = chain;
        this.ledger = chain.ledger();
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code chain} on {@code host:port} (port 0 picks a free one). */
    public static LocalChainHttpServer start(LocalChain chain, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "localchain-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LocalChainHttpServer service = new LocalChainHttpServer(chain, server, executor);
        server.createContext("/", service::handle);
        server.setExecutor(executor);
        server.start();
        return service;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port} of this service. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public LocalChain chain() {
        return chain;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set(LocalChainProtocol.HEADER, LocalChainProtocol.HEADER_VALUE);
            String method = ex.getRequestMethod();
            String[] p = ex.getRequestURI().getRawPath().split("/");
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            try {
                Object result = route(method, p, q, ex);
                if (result == null) {
                    error(ex, 404, "NOT_FOUND", "no such LocalChain endpoint: " + method + " " + ex.getRequestURI().getPath(),
                            Map.of());
                } else {
                    send(ex, 200, result);
                }
            } catch (ChainException.RuleViolation v) {
                error(ex, 400, v.rule().name(), v.detail(), v.values());
            } catch (BadRequest | IllegalArgumentException e) {
                error(ex, e instanceof BadRequest b ? b.status : 400, e instanceof BadRequest b ? b.reason : "INVALID_ARGUMENT",
                        e.getMessage(), Map.of());
            } catch (RuntimeException e) {
                error(ex, 500, "INTERNAL", "LocalChain failed: " + e, Map.of());
            }
        }
    }

    private Object route(String method, String[] p, Map<String, String> q, HttpExchange ex) throws IOException {
        if (p.length < 3 || !p[1].equals("v1")) {
            return null;
        }
        String head = p[2];
        if (method.equals("GET")) {
            if (p.length == 3 && head.equals("health")) {
                ObjectNode h = json.createObjectNode();
                h.put("status", "ok");
                h.put("kind", LocalLedger.KIND);
                h.put("notSui", true);
                h.put("description", LocalLedger.DESCRIPTION);
                h.put("chainId", ledger.genesis().chainId());
                h.put("epoch", ledger.info().epoch());
                h.put("events", ledger.eventCount());
                return h;
            }
            if (p.length == 3 && head.equals("info")) {
                return ledger.info();
            }
            if (p.length == 3 && head.equals("committee")) {
                return ledger.committee();
            }
            if (p.length == 4 && head.equals("committee") && p[3].equals("previous")) {
                return ledger.previousCommittee().orElseThrow(() -> new BadRequest(404, "OBJECT_NOT_FOUND",
                        "epoch " + ledger.info().epoch() + " is the first: there is no previous committee"));
            }
            if (p.length == 3 && head.equals("epoch-state")) {
                return ledger.epochState();
            }
            if (p.length == 3 && head.equals("staking")) {
                return ledger.staking();
            }
            if (p.length == 5 && head.equals("accounts") && p[4].equals("balance")) {
                SuiAddress a = SuiAddress.parse(p[3]);
                return new LocalChainProtocol.Balance(a, ledger.balance(a));
            }
            if (p.length == 6 && head.equals("accounts") && p[4].equals("blobs")) {
                return ledger.ownedBlobObjects(SuiAddress.parse(p[3]), BlobId.parse(p[5]));
            }
            if (p.length == 5 && head.equals("blobs") && p[4].equals("status")) {
                return ledger.blobStatus(BlobId.parse(p[3]));
            }
            if (p.length == 4 && head.equals("objects")) {
                ObjectId id = ObjectId.parse(p[3]);
                return ledger.blobObject(id).orElseThrow(() -> new BadRequest(404, "OBJECT_NOT_FOUND", "no blob object " + id));
            }
            if (p.length == 3 && head.equals("events")) {
                EventCursor after = new EventCursor(q.getOrDefault("after", ""));
                int limit = Math.min(MAX_EVENTS_PER_PAGE, parseInt(q.getOrDefault("limit", "100"), "limit"));
                long waitMillis = Math.min(MAX_EVENT_WAIT.toMillis(), parseInt(q.getOrDefault("waitMillis", "0"), "waitMillis"));
                try {
                    return ledger.events(after, limit, Duration.ofMillis(Math.max(0, waitMillis)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BadRequest(503, "UNAVAILABLE", "LocalChain is shutting down");
                }
            }
            return null;
        }
        if (!method.equals("POST")) {
            throw new BadRequest(405, "METHOD_NOT_ALLOWED", "method " + method + " is not allowed here");
        }
        if (p.length != 4) {
            return null;
        }
        String op = head + "/" + p[3];
        switch (op) {
            case "tx/reserve-space": {
                var r = body(ex, LocalChainProtocol.ReserveSpace.class);
                return ledger.reserveSpace(r.sender(), r.storageSize(), r.epochsAhead());
            }
            case "tx/register-blob": {
                var r = body(ex, LocalChainProtocol.RegisterBlob.class);
                return ledger.registerBlob(r.sender(), r.storageId(), r.blobId(), r.rootHash(), r.size(), r.encodingType(),
                        r.deletable());
            }
            case "tx/reserve-and-register": {
                var r = body(ex, LocalChainProtocol.ReserveAndRegister.class);
                return ledger.reserveAndRegister(r.sender(), r.blobId(), r.rootHash(), r.size(), r.encodingType(),
                        r.deletable(), r.epochsAhead());
            }
            case "tx/register-blobs": {
                var r = body(ex, LocalChainProtocol.RegisterBlobs.class);
                return ledger.registerBlobs(r.sender(), new dev.walrusstream.chain.RegistrationBatch(batchCalls(
                        "register-blobs", r.calls(), "blobId, rootHash, size, encodingType, deletable and epochsAhead",
                        c -> c.blobId() != null && c.rootHash() != null,
                        c -> new dev.walrusstream.chain.RegistrationBatch.Call(c.blobId(), c.rootHash(), c.size(),
                                c.encodingType(), c.deletable(), c.epochsAhead()))));
            }
            case "tx/certify-blob": {
                var r = body(ex, LocalChainProtocol.CertifyBlob.class);
                if (r.signature() == null || r.signersBitmap() == null || r.message() == null) {
                    throw new BadRequest(400, "INVALID_ARGUMENT", "certify-blob needs signature, signersBitmap and message");
                }
                return ledger.certifyBlob(r.sender(), r.blobObjectId(),
                        new StorageCertificate(r.signature(), r.signersBitmap(), r.message()));
            }
            case "tx/certify-blobs": {
                var r = body(ex, LocalChainProtocol.CertifyBlobs.class);
                return ledger.certifyBlobs(r.sender(), new dev.walrusstream.chain.CertificationBatch(batchCalls(
                        "certify-blobs", r.calls(), "blobObjectId, signature, signersBitmap and message",
                        c -> c.signature() != null && c.signersBitmap() != null && c.message() != null,
                        c -> new dev.walrusstream.chain.CertificationBatch.Call(c.blobObjectId(),
                                new StorageCertificate(c.signature(), c.signersBitmap(), c.message())))));
            }
            case "tx/delete-blob": {
                var r = body(ex, LocalChainProtocol.BlobObjectOp.class);
                return ledger.deleteBlob(r.sender(), r.blobObjectId());
            }
            case "tx/extend-blob": {
                var r = body(ex, LocalChainProtocol.ExtendBlob.class);
                return ledger.extendBlob(r.sender(), r.blobObjectId(), r.extendedEpochs());
            }
            case "tx/epoch-sync-done": {
                var r = body(ex, LocalChainProtocol.EpochSyncDone.class);
                return ledger.epochSyncDone(r.nodeId(), r.epoch());
            }
            case "dev/register-node": {
                var r = body(ex, LocalChainProtocol.RegisterNode.class);
                return ledger.registerNode(r.node(), r.stake());
            }
            case "dev/set-stake": {
                var r = body(ex, LocalChainProtocol.SetStake.class);
                return ledger.setStake(r.nodeId(), r.stake());
            }
            case "dev/move-stake": {
                var r = body(ex, LocalChainProtocol.MoveStake.class);
                return ledger.moveStake(r.from(), r.to(), r.amount());
            }
            case "tx/extend-blobs": {
                var r = body(ex, LocalChainProtocol.ExtendBlobs.class);
                java.util.List<LocalLedger.BlobExtension> calls = new java.util.ArrayList<>();
                for (dev.walrusstream.codec.ids.ObjectId id : dev.walrusstream.chain.ExtensionBatch.validate(
                        r.blobObjectIds(), r.extendedEpochs())) {
                    calls.add(new LocalLedger.BlobExtension(id, r.extendedEpochs()));
                }
                return ledger.extendBlobs(r.sender(), calls);
            }
            case "dev/advance-epoch":
                return new LocalChainProtocol.Epoch(ledger.advanceEpoch());
            case "dev/faucet": {
                var r = body(ex, LocalChainProtocol.Faucet.class);
                return new LocalChainProtocol.Balance(r.address(), ledger.fund(r.address(), r.amount()));
            }
            default:
                return null;
        }
    }

    /**
     * The calls of a batch request to {@code route}, each made by {@code call}; a missing list, or a
     * call that is null or not {@code complete}, is a 400 naming the route and the call's place.
     */
    private static <W, C> List<C> batchCalls(String route, List<W> wire, String needs, Predicate<W> complete,
                                             Function<W, C> call) {
        if (wire == null) {
            throw new BadRequest(400, "INVALID_ARGUMENT", route + " needs calls");
        }
        List<C> calls = new ArrayList<>(wire.size());
        for (int i = 0; i < wire.size(); i++) {
            W c = wire.get(i);
            if (c == null || !complete.test(c)) {
                throw new BadRequest(400, "INVALID_ARGUMENT", route + " call " + (i + 1) + " needs " + needs);
            }
            calls.add(call.apply(c));
        }
        return calls;
    }

    private <T> T body(HttpExchange ex, Class<T> type) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (raw.length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "BODY_TOO_LARGE", "request body exceeds the " + MAX_BODY_BYTES + "-byte limit");
        }
        try {
            return json.readValue(raw, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "INVALID_JSON", "request body is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void error(HttpExchange ex, int status, String rule, String message, Map<String, String> values) throws IOException {
        send(ex, status, new LocalChainProtocol.ErrorBody(new LocalChainProtocol.Error(rule, message, values)));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static int parseInt(String s, String name) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "INVALID_ARGUMENT", name + " must be an integer, got '" + s + "'");
        }
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String reason;

        BadRequest(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    /** Stops serving; the chain itself stays open (close it separately). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
