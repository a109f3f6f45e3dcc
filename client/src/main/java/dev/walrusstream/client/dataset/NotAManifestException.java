package dev.walrusstream.client.dataset;

/** The bytes given as a dataset manifest are not one; the message says what was found instead. */
public final class NotAManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotAManifestException(String message) {
        super(message);
    }

    public NotAManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
