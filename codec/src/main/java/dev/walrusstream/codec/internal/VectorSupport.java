package dev.walrusstream.codec.internal;

/** Whether this JVM runs with {@code --add-modules=jdk.incubator.vector}. */
public final class VectorSupport {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }

    public static boolean present() {
        return PRESENT;
    }
}
