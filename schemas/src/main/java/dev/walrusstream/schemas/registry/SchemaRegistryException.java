package dev.walrusstream.schemas.registry;

import java.net.URI;

/**
 * A schema registry request failed. Carries the request URL, the subject (when there is one), the HTTP status
 * (0 when no response arrived) and the registry's error code (0 when none).
 */
public class SchemaRegistryException extends RuntimeException {
    private final URI url;
    private final String subject;
    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, URI url, String subject, int status, int errorCode,
                                   Throwable cause) {
        super(message, cause);
        this.url = url;
        this.subject = subject;
        this.status = status;
        this.errorCode = errorCode;
    }

    public URI url() {
        return url;
    }

    /** The subject the request was about, or null. */
    public String subject() {
        return subject;
    }

    /** HTTP status, or 0 when the registry did not answer. */
    public int status() {
        return status;
    }

    /** Confluent error code (for example 40403), or 0. */
    public int errorCode() {
        return errorCode;
    }
}
