package dev.walrusstream.codec.internal;

/**
 * One scratch byte array per thread, grown on demand and reused, for intermediate results that die
 * within one task (such as the lower-right quadrant of a column batch, only hashed). Callers must
 * not rely on its contents or length beyond what they asked for.
 */
final class Scratch {
    private static final ThreadLocal<byte[]> BYTES = ThreadLocal.withInitial(() -> new byte[0]);

    private Scratch() {
    }

    /** An array of at least {@code length} bytes, holding whatever this thread left in it. */
    static byte[] bytes(int length) {
        byte[] b = BYTES.get();
        if (b.length < length) {
            b = new byte[length];
            BYTES.set(b);
        }
        return b;
    }
}
