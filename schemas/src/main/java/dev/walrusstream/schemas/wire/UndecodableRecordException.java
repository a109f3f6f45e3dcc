package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.DeadLetterReason;

/**
 * The framing and schema id are fine but the Avro body does not decode with the writer schema (truncated,
 * corrupt, trailing bytes), or the writer schema cannot be resolved to the reader schema.
 */
public final class UndecodableRecordException extends RecordDecodeException {
    private final int schemaId;

    public UndecodableRecordException(int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }

    @Override
    public DeadLetterReason reason() {
        return DeadLetterReason.UNDECODABLE_RECORD;
    }
}
