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

    /** Engine by name: {@code reference} or {@code vector}. */
    public static GfEngine byName(String name) {
        return switch (name) {
            case "reference" -> reference();
            default -> throw new IllegalArgumentException("unknown engine '" + name + "' (known: reference)");
        };
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
