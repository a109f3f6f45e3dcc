package dev.walrusstream.aggregator;

/** A request the aggregator answers with an error status: the status, a Walrus-style reason and a message naming the value. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;

    HttpError(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "BAD_REQUEST", message);
    }

    static HttpError notFound(String reason, String message) {
        return new HttpError(404, reason, message);
    }
}
