package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.DeadLetterReason;

/** The value is not in the Confluent wire format (null, too short, wrong magic byte). */
public final class MalformedFramingException extends RecordDecodeException {
    public MalformedFramingException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public DeadLetterReason reason() {
        return DeadLetterReason.MALFORMED_FRAMING;
    }
}
