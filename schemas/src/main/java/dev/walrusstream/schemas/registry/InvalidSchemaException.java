package dev.walrusstream.schemas.registry;

import java.net.URI;

/** The registry rejected the request as invalid (HTTP 422 or 400: unparsable schema, bad level, ...). */
public final class InvalidSchemaException extends SchemaRegistryException {
    public InvalidSchemaException(String message, URI url, String subject, int status, int errorCode) {
        super(message, url, subject, status, errorCode, null);
    }
}
