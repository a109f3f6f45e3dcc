package dev.walrusstream.embedded;

/** An embedded service did not start; the message names the service, its ports and where its log is. */
public final class EmbeddedStartException extends RuntimeException {
    public EmbeddedStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
