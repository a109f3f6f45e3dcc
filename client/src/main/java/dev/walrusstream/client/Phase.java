package dev.walrusstream.client;

/** The step of a store that failed. */
public enum Phase {
    ENCODE, REGISTER, UPLOAD, CONFIRM, CERTIFY;

    /** The name in Walrus-style JSON ({@code failurePhase}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
