package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.DeadLetterReason;

/** The value names a schema id the registry does not have. */
public final class UnknownSchemaIdException extends RecordDecodeException {
    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }

    @Override
    public DeadLetterReason reason() {
        return DeadLetterReason.UNKNOWN_SCHEMA_ID;
    }
}
