package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.DeadLetterReason;

/**
 * A value could not be decoded because of the value itself: the record belongs in the dead-letter topic with
 * {@link #reason()}. A registry that cannot be reached is not this: that is a
 * {@link dev.walrusstream.schemas.registry.RegistryUnavailableException}, and the reader must fail instead of
 * dead-lettering every record.
 */
public abstract sealed class RecordDecodeException extends RuntimeException
        permits MalformedFramingException, UnknownSchemaIdException, UndecodableRecordException {

    protected RecordDecodeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The dead-letter reason code for this failure. */
    public abstract DeadLetterReason reason();
}
