package dev.walrusstream.embedded;

/** The schema registry distribution is not on this machine; the message says how to get it. */
public final class RegistryDistributionMissingException extends IllegalStateException {
    public RegistryDistributionMissingException(String message) {
        super(message);
    }
}
