package dev.walrusstream.codec.rs;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks a {@link GfEngine}: the Vector API engine when {@code jdk.incubator.vector} is present
 * (JVM flag {@code --add-modules=jdk.incubator.vector}), else the reference engine.
 * {@code -Dwalrus.codec.engine=reference|vector} forces one.
 */
public final class Engines {
    private static final GfEngine BEST = pickBest();

    private Engines() {
    }

    public static GfEngine reference() {
        return new ReferenceEngine();
    }

    /** Engine by name: {@code reference} or {@code vector}. */
    public static GfEngine byName(String name) {
        return switch (name) {
            case "reference" -> reference();
            case "vector" -> vector().orElseThrow(() -> new IllegalStateException(
                    "the vector engine needs the JVM flag --add-modules=jdk.incubator.vector"));
            default -> throw new IllegalArgumentException("unknown engine '" + name + "' (known: reference, vector)");
        };
    }

    /** The fastest engine that works in this JVM. */
    public static GfEngine best() {
        return BEST;
    }

    /** Every engine this JVM can run, reference first. */
    public static List<GfEngine> available() {
        List<GfEngine> out = new ArrayList<>();
        out.add(reference());
        vector().ifPresent(out::add);
        return out;
    }

    public static java.util.Optional<GfEngine> vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new VectorEngine());
        } catch (LinkageError | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static GfEngine pickBest() {
        String forced = System.getProperty("walrus.codec.engine", "");
        if (!forced.isEmpty()) {
            return byName(forced);
        }
        return vector().orElseGet(Engines::reference);
    }
}
