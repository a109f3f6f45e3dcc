package dev.walrusstream.devnet.sui;

/**
 * What a Sui validator refuses before executing: bad signature, stale or foreign object versions,
 * wrong shared version, gas it cannot pay. Nothing is charged; gRPC answers INVALID_ARGUMENT.
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    public Refusal(String message) {
        super(message);
    }
}
