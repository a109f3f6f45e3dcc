package dev.walrusstream.codec.bcs;

/** A BCS body that cannot be decoded; the message names the offset and the value. */
public final class BcsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BcsException(String message) {
        super(message);
    }
}
