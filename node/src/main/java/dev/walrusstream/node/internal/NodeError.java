package dev.walrusstream.node.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal of the storage-node API in Walrus's error envelope terms: HTTP code, the general status
 * ({@code INVALID_ARGUMENT}, {@code FAILED_PRECONDITION}, ...), the UPPER_SNAKE reason that names
 * what was wrong, a message and the offending values.
 */
public final class NodeError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String DOMAIN = "storage.walrus.space";

    private final int httpCode;
    private final String status;
    private final String reason;
    private final String domain;
    private final transient Map<String, Object> metadata;

    private NodeError(int httpCode, String status, String reason, String domain, String message, Map<String, Object> metadata) {
        super(message);
        this.httpCode = httpCode;
        this.status = status;
        this.reason = reason;
        this.domain = domain;
        this.metadata = metadata;
    }

    private static NodeError of(int code, String status, String reason, String message, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(String.valueOf(kv[i]), kv[i + 1]);
        }
        return new NodeError(code, status, reason, DOMAIN, message, m);
    }

    public static NodeError invalidArgument(String reason, String message, Object... kv) {
        return of(400, "INVALID_ARGUMENT", reason, message, kv);
    }

    public static NodeError failedPrecondition(String reason, String message, Object... kv) {
        return of(400, "FAILED_PRECONDITION", reason, message, kv);
    }

    public static NodeError permissionDenied(String reason, String message, Object... kv) {
        return of(403, "PERMISSION_DENIED", reason, message, kv);
    }

    public static NodeError notFound(String reason, String message, Object... kv) {
        return of(404, "NOT_FOUND", reason, message, kv);
    }

    public static NodeError tooLarge(String message, long limit, long actual) {
        return of(413, "SIZE_EXCEEDED", "BODY_TOO_LARGE", message, "limit", limit, "actual", actual);
    }

    public static NodeError methodNotAllowed(String method, String path) {
        return of(405, "INVALID_ARGUMENT", "METHOD_NOT_ALLOWED", "method " + method + " is not allowed on " + path,
                "method", method);
    }

    public static NodeError unavailable(String message) {
        return new NodeError(503, "UNAVAILABLE", "UNAVAILABLE", "global", message, Map.of());
    }

    public static NodeError internal() {
        return new NodeError(500, "INTERNAL", "INTERNAL_ERROR", "global", "an internal error has occurred, please report it",
                Map.of());
    }

    /** The body could not be decoded as the BCS type the endpoint takes (Walrus answers the same reason). */
    public static NodeError badBcs(String what, String detail) {
        return invalidArgument("INVALID_CONTENT_TYPE", "unable to decode request body as BCS " + what + ": " + detail);
    }

    public int httpCode() {
        return httpCode;
    }

    public String status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String domain() {
        return domain;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }
}
