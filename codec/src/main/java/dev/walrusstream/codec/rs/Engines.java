package dev.walrusstream.codec.rs;

/**
 * Picks a {@link GfEngine}. {@code -Dwalrus.codec.engine=reference} forces the reference engine.
 */
public final class Engines {
    private Engines() {
    }

    public static GfEngine reference() {
        return new ReferenceEngine();
    }

    /** The fastest engine that works in this JVM. */
    public static GfEngine best() {
        String forced = System.getProperty("walrus.codec.engine", "");
        if (forced.equals("reference")) {
            return reference();
        }
        return reference();
    }
}
