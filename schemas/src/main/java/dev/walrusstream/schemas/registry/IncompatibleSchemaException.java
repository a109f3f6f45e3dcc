package dev.walrusstream.schemas.registry;

import java.net.URI;

/** The registry refused to register a schema because it breaks the subject's compatibility rule (HTTP 409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {
    public IncompatibleSchemaException(String message, URI url, String subject, int status, int errorCode) {
        super(message, url, subject, status, errorCode, null);
    }
}
