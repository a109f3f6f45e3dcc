package dev.walrusstream.schemas.registry;

import java.net.URI;

/**
 * The registry could not be reached or answered with a server error (5xx) after the configured retries.
 * Never a reason to fall back to anything: callers fail (the ingest command exits non-zero, a job restarts).
 */
public final class RegistryUnavailableException extends SchemaRegistryException {
    public RegistryUnavailableException(String message, URI url, String subject, int status, Throwable cause) {
        super(message, url, subject, status, 0, cause);
    }
}
