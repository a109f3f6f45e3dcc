package dev.walrusstream.job.assembly;

import org.bouncycastle.crypto.digests.SHA256Digest;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The fast engine: the JDK's own SHA-256 ({@code sun.security.provider.SHA2$SHA256}), whose
 * compression HotSpot replaces with the CPU's SHA instructions (5.6–5.8 times Bouncy Castle's speed
 * on this project's machine, {@code UploadDigestBenchmark}). The JDK gives no way to save or set its running state, so this class
 * reads and writes the four fields that hold it, which needs the JVM flag {@value #JVM_FLAG}.
 * {@link #available()} says why it cannot run when it cannot: the flag is missing, or a JDK whose
 * fields differ failed the self-test that compares a saved state with Bouncy Castle's.
 */
public final class JdkSha256 implements ResumableSha256 {
    /** Opens the JDK's digest classes to the job's code. */
    public static final String JVM_FLAG = "--add-opens=java.base/sun.security.provider=ALL-UNNAMED";

    private static final int BLOCK = 64;
    /** Bouncy Castle's encoded state: xBuf[4], xBufOff, byteCount, H1..H8, xOff, X[xOff], purpose. */
    private static final int WORDS_AT = 52;
    private static final byte PURPOSE;
    private static final Access ACCESS;
    private static final String UNAVAILABLE;

    static {
        byte[] fresh = new SHA256Digest().getEncodedState();
        PURPOSE = fresh[fresh.length - 1];
        Access access = null;
        String why;
        try {
            access = Access.load();
            why = selfTest(access);
        } catch (IllegalAccessException e) {
            why = "the JVM flag " + JVM_FLAG + " is missing (" + e.getMessage() + ")";
        } catch (ReflectiveOperationException | NoSuchAlgorithmException | RuntimeException e) {
            why = "the JDK's SHA-256 classes are not as expected: " + e;
        }
        ACCESS = why == null ? access : null;
        UNAVAILABLE = why;
    }

    private final Access access;
    private final Object spi;

    private JdkSha256(Access access) {
        this.access = access;
        this.spi = access.create();
    }

    /** Empty when this engine runs here; else why not. */
    public static Optional<String> unavailableBecause() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /**
     * Resumes {@code savedState} (null: a fresh digest).
     *
     * @throws IllegalStateException when this engine cannot run here ({@link #unavailableBecause()})
     * @throws IllegalArgumentException when the state is not a SHA-256 state of the expected form
     */
    public static JdkSha256 resume(byte[] savedState) {
        if (ACCESS == null) {
            throw new IllegalStateException("the JDK SHA-256 engine cannot run: " + UNAVAILABLE);
        }
        return resume(ACCESS, savedState);
    }

    private static JdkSha256 resume(Access access, byte[] savedState) {
        JdkSha256 sha = new JdkSha256(access);
        if (savedState != null) {
            access.restore(sha.spi, decode(savedState));
        }
        return sha;
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        access.update(spi, bytes, offset, length);
    }

    @Override
    public byte[] saveState() {
        return encode(access.save(spi));
    }

    @Override
    public byte[] digest() {
        return access.digest(spi);
    }

    /** The JDK digest's running state: the chaining values, the partial block, the total length. */
    record Running(int[] h, byte[] partial, long length) {
    }

    static Running decode(byte[] s) {
        if (s.length < WORDS_AT + 1) {
            throw new IllegalArgumentException("not a saved SHA-256 state: " + s.length + " bytes, fewer than "
                    + (WORDS_AT + 1));
        }
        ByteBuffer b = ByteBuffer.wrap(s);
        int xBufOff = b.getInt(4);
        int xOff = b.getInt(48);
        if (xBufOff < 0 || xBufOff > 3 || xOff < 0 || xOff > 15 || s.length != WORDS_AT + 4 * xOff + 1) {
            throw new IllegalArgumentException("not a saved SHA-256 state: " + s.length + " bytes with " + xOff
                    + " buffered words and " + xBufOff + " buffered bytes");
        }
        long length = b.getLong(8);
        int[] h = new int[8];
        for (int i = 0; i < 8; i++) {
            h[i] = b.getInt(16 + 4 * i);
        }
        byte[] partial = new byte[4 * xOff + xBufOff];
        b.get(WORDS_AT, partial, 0, 4 * xOff);
        System.arraycopy(s, 0, partial, 4 * xOff, xBufOff);
        if (length < 0 || Long.remainderUnsigned(length, BLOCK) != partial.length) {
            throw new IllegalArgumentException("not a saved SHA-256 state: " + length + " bytes hashed but "
                    + partial.length + " buffered");
        }
        return new Running(h, partial, length);
    }

    static byte[] encode(Running r) {
        int xOff = r.partial().length / 4;
        int xBufOff = r.partial().length % 4;
        byte[] s = new byte[WORDS_AT + 4 * xOff + 1];
        ByteBuffer b = ByteBuffer.wrap(s);
        System.arraycopy(r.partial(), 4 * xOff, s, 0, xBufOff);
        b.putInt(4, xBufOff);
        b.putLong(8, r.length());
        for (int i = 0; i < 8; i++) {
            b.putInt(16 + 4 * i, r.h()[i]);
        }
        b.putInt(48, xOff);
        b.put(WORDS_AT, r.partial(), 0, 4 * xOff);
        s[s.length - 1] = PURPOSE;
        return s;
    }

    /**
     * Hashes a few lengths around the block size in two pieces, saving and resuming in between, and
     * compares every saved state with Bouncy Castle's and every digest with {@link MessageDigest}'s.
     * Null when all agree, else what differed.
     */
    private static String selfTest(Access access) throws NoSuchAlgorithmException {
        byte[] data = new byte[3 * BLOCK + 7];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        for (int cut : new int[] {0, 1, 5, BLOCK - 1, BLOCK, BLOCK + 3, 2 * BLOCK + 9, data.length}) {
            JdkSha256 first = resume(access, null);
            first.update(data, 0, cut);
            byte[] saved = first.saveState();
            SHA256Digest bc = new SHA256Digest();
            bc.update(data, 0, cut);
            if (!Arrays.equals(saved, bc.getEncodedState())) {
                return "the state saved after " + cut + " bytes differs from Bouncy Castle's";
            }
            JdkSha256 second = resume(access, saved);
            second.update(data, cut, data.length - cut);
            if (!Arrays.equals(second.digest(), MessageDigest.getInstance("SHA-256").digest(data))) {
                return "the digest resumed after " + cut + " bytes is wrong";
            }
        }
        return null;
    }

    /** Handles on the JDK's digest: its constructor, update and digest methods, and state fields. */
    private record Access(MethodHandle constructor, MethodHandle update, MethodHandle digest,
                          VarHandle buffer, VarHandle bufOfs, VarHandle bytesProcessed, VarHandle state) {

        static Access load() throws ReflectiveOperationException {
            Class<?> sha256 = Class.forName("sun.security.provider.SHA2$SHA256");
            Class<?> sha2 = sha256.getSuperclass();
            Class<?> base = sha2.getSuperclass();
            MethodHandles.Lookup inBase = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
            MethodHandles.Lookup inSha2 = MethodHandles.privateLookupIn(sha2, MethodHandles.lookup());
            MethodHandles.Lookup inSha256 = MethodHandles.privateLookupIn(sha256, MethodHandles.lookup());
            return new Access(
                    inSha256.findConstructor(sha256, MethodType.methodType(void.class))
                            .asType(MethodType.methodType(Object.class)),
                    inBase.findVirtual(base, "engineUpdate", MethodType.methodType(void.class, byte[].class, int.class, int.class))
                            .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class, int.class)),
                    inBase.findVirtual(base, "engineDigest", MethodType.methodType(byte[].class))
                            .asType(MethodType.methodType(byte[].class, Object.class)),
                    inBase.findVarHandle(base, "buffer", byte[].class),
                    inBase.findVarHandle(base, "bufOfs", int.class),
                    inBase.findVarHandle(base, "bytesProcessed", long.class),
                    inSha2.findVarHandle(sha2, "state", int[].class));
        }

        Object create() {
            try {
                return (Object) constructor.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        void update(Object spi, byte[] bytes, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            try {
                update.invokeExact(spi, bytes, offset, length);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        byte[] digest(Object spi) {
            try {
                return (byte[]) digest.invokeExact(spi);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        Running save(Object spi) {
            long length = (long) bytesProcessed.get(spi);
            int filled = (int) bufOfs.get(spi);
            // a digest never updated has bytesProcessed 0 and an initial state; a reset one has -1
            return new Running(((int[]) state.get(spi)).clone(),
                    Arrays.copyOf((byte[]) buffer.get(spi), filled), Math.max(length, 0));
        }

        void restore(Object spi, Running r) {
            System.arraycopy(r.h(), 0, (int[]) state.get(spi), 0, 8);
            System.arraycopy(r.partial(), 0, (byte[]) buffer.get(spi), 0, r.partial().length);
            bufOfs.set(spi, r.partial().length);
            bytesProcessed.set(spi, r.length());
        }

        private static RuntimeException rethrow(Throwable t) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }
}
