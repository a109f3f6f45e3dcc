package dev.walrusstream.schemas.registry;

import java.net.URI;

/** The registry has no such subject, version or schema id (HTTP 404, error codes 40401/40402/40403). */
public final class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(String message, URI url, String subject, int status, int errorCode) {
        super(message, url, subject, status, errorCode, null);
    }
}
