package dev.walrusstream.chain.bls;

/** Malformed BLS material: a key or signature that does not decode to a valid group element. */
public final class BlsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BlsException(String message) {
        super(message);
    }

    public BlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
