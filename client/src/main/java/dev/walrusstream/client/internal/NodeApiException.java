package dev.walrusstream.client.internal;

/**
 * A storage node refused or failed a request: HTTP status (0 when the node was unreachable), the
 * reason from Walrus's error envelope when there is one, and a message naming the node.
 */
public final class NodeApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;
    private final String reason;

    public NodeApiException(int httpStatus, String reason, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** UPPER_SNAKE reason ({@code NOT_REGISTERED}, ...), {@code UNREACHABLE}, or {@code HTTP_<code>}. */
    public String reason() {
        return reason;
    }

    /** Worth another attempt: the node was unreachable, overloaded or failed internally. */
    public boolean isTransient() {
        return httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
    }
}
