package dev.walrusstream.codec.rs;

/**
 * A systematic Reed–Solomon code with {@code originalCount} original and {@code recoveryCount}
 * recovery shards, exactly as reed-solomon-simd 3.1.0 computes it: the Lin–Chung–Han additive FFT
 * with the crate's high-rate or low-rate layout, chosen by the crate's default rule. The two layouts
 * give different recovery shards, so the rule is part of the format.
 *
 * <p>Work areas are {@link ShardBuffer}s with at least {@link #encodeWorkCount()} or
 * {@link #decodeWorkCount()} shards. Instances are immutable and thread-safe.
 */
public final class ReedSolomonCode {
    private final int originalCount;
    private final int recoveryCount;
    private final boolean highRate;
    private final int chunk;

    public ReedSolomonCode(int originalCount, int recoveryCount) {
        this.originalCount = originalCount;
        this.recoveryCount = recoveryCount;
        this.highRate = useHighRate(originalCount, recoveryCount);
        this.chunk = highRate ? nextPowerOfTwo(recoveryCount) : nextPowerOfTwo(originalCount);
    }

    /**
     * The crate's default rate rule: compare the next powers of two of both counts; the larger side
     * decides, ties go high-rate when there are no more originals than recovery shards.
     */
    public static boolean useHighRate(int originalCount, int recoveryCount) {
        if (!supported(originalCount, recoveryCount)) {
            throw new IllegalArgumentException("unsupported shard counts: " + originalCount
                    + " original, " + recoveryCount + " recovery (both must be ≥ 1 and fit GF(2^16))");
        }
        int po = nextPowerOfTwo(originalCount);
        int pr = nextPowerOfTwo(recoveryCount);
        if (po != pr) {
            return po > pr;
        }
        return originalCount <= recoveryCount;
    }

    public static boolean supported(int originalCount, int recoveryCount) {
        if (originalCount <= 0 || recoveryCount <= 0
                || originalCount > GfTables.ORDER || recoveryCount > GfTables.ORDER) {
            return false;
        }
        int smallerPow2 = Math.min(nextPowerOfTwo(originalCount), nextPowerOfTwo(recoveryCount));
        return smallerPow2 + Math.max(originalCount, recoveryCount) <= GfTables.ORDER;
    }

    public int originalCount() {
        return originalCount;
    }

    public int recoveryCount() {
        return recoveryCount;
    }

    public boolean highRate() {
        return highRate;
    }

    public int encodeWorkCount() {
        return highRate ? roundUp(originalCount, chunk) : roundUp(recoveryCount, chunk);
    }

    public int decodeWorkCount() {
        return highRate ? nextPowerOfTwo(chunk + originalCount) : nextPowerOfTwo(chunk + recoveryCount);
    }

    /**
     * Encodes in place: originals in shards {@code [0, originalCount)} on entry, recovery shards in
     * {@code [0, recoveryCount)} on return. Shards up to {@link #encodeWorkCount()} are scratch.
     */
    public void encode(GfEngine engine, ShardBuffer work) {
        requireShards(work, encodeWorkCount());
        if (highRate) {
            encodeHighRate(engine, work);
        } else {
            encodeLowRate(engine, work);
        }
    }

    private void encodeHighRate(GfEngine engine, ShardBuffer work) {
        int first = Math.min(originalCount, chunk);
        work.zero(first, chunk);
        engine.ifft(work, 0, chunk, first, chunk);
        if (originalCount > chunk) {
            int start = chunk;
            for (; start + chunk <= originalCount; start += chunk) {
                engine.ifft(work, start, chunk, chunk, start + chunk);
                engine.xorShards(work, 0, start, chunk);
            }
            int last = originalCount % chunk;
            if (last > 0) {
                work.zero(start + last, encodeWorkCount());
                engine.ifft(work, start, chunk, last, start + chunk);
                engine.xorShards(work, 0, start, chunk);
            }
        }
        engine.fft(work, 0, chunk, recoveryCount, 0);
    }

    private void encodeLowRate(GfEngine engine, ShardBuffer work) {
        work.zero(originalCount, chunk);
        engine.ifft(work, 0, chunk, originalCount, 0);
        for (int start = chunk; start < recoveryCount; start += chunk) {
            work.copyShards(0, start, chunk);
        }
        int start = 0;
        for (; start + chunk <= recoveryCount; start += chunk) {
            engine.fft(work, start, chunk, chunk, start + chunk);
        }
        int last = recoveryCount % chunk;
        if (last > 0) {
            engine.fft(work, start, chunk, last, start + chunk);
        }
    }

    /** Work-area shard where original shard {@code index} goes for decoding. */
    public int originalPosition(int index) {
        return highRate ? chunk + index : index;
    }

    /** Work-area shard where recovery shard {@code index} goes for decoding. */
    public int recoveryPosition(int index) {
        return highRate ? index : chunk + index;
    }

    /**
     * Prepares decoding for one pattern of received shards; the plan is reusable for every batch
     * with the same pattern.
     */
    public DecodePlan planDecode(boolean[] originalReceived, boolean[] recoveryReceived) {
        if (originalReceived.length != originalCount || recoveryReceived.length != recoveryCount) {
            throw new IllegalArgumentException("received flags must cover " + originalCount + " original and "
                    + recoveryCount + " recovery shards");
        }
        int received = 0;
        for (boolean b : originalReceived) {
            received += b ? 1 : 0;
        }
        for (boolean b : recoveryReceived) {
            received += b ? 1 : 0;
        }
        if (received < originalCount) {
            throw new IllegalArgumentException("need " + originalCount + " shards to decode, got " + received);
        }
        int workCount = decodeWorkCount();
        boolean[] present = new boolean[workCount];
        for (int i = 0; i < originalCount; i++) {
            present[originalPosition(i)] = originalReceived[i];
        }
        for (int i = 0; i < recoveryCount; i++) {
            present[recoveryPosition(i)] = recoveryReceived[i];
        }
        char[] erasures = new char[GfTables.ORDER];
        int end;
        if (highRate) {
            end = chunk + originalCount;
            for (int i = 0; i < recoveryCount; i++) {
                if (!present[i]) {
                    erasures[i] = 1;
                }
            }
            for (int i = recoveryCount; i < chunk; i++) {
                erasures[i] = 1;
            }
            for (int i = chunk; i < end; i++) {
                if (!present[i]) {
                    erasures[i] = 1;
                }
            }
            GfTables.evalErrorLocator(erasures, end);
        } else {
            end = chunk + recoveryCount;
            for (int i = 0; i < originalCount; i++) {
                if (!present[i]) {
                    erasures[i] = 1;
                }
            }
            for (int i = chunk; i < end; i++) {
                if (!present[i]) {
                    erasures[i] = 1;
                }
            }
            for (int i = end; i < GfTables.ORDER; i++) {
                erasures[i] = 1;
            }
            GfTables.evalErrorLocator(erasures, GfTables.ORDER);
        }
        boolean[] missingOriginal = new boolean[originalCount];
        boolean anyMissing = false;
        for (int i = 0; i < originalCount; i++) {
            missingOriginal[i] = !originalReceived[i];
            anyMissing |= missingOriginal[i];
        }
        return new DecodePlan(present, java.util.Arrays.copyOf(erasures, workCount), end, missingOriginal, anyMissing);
    }

    /**
     * Restores the missing original shards in place: received shards at their
     * {@link #originalPosition}/{@link #recoveryPosition} on entry (others may hold anything),
     * every missing original at its {@link #originalPosition} on return. Received shards are
     * used as scratch: keep your own copy of them.
     */
    public void decode(GfEngine engine, ShardBuffer work, DecodePlan plan) {
        int workCount = decodeWorkCount();
        requireShards(work, workCount);
        if (!plan.anyMissing()) {
            return;
        }
        boolean[] present = plan.present();
        char[] erasures = plan.errorLocator();
        for (int i = 0; i < workCount; i++) {
            if (present[i]) {
                engine.mul(work, i, erasures[i]);
            } else {
                work.zero(i, i + 1);
            }
        }
        int end = plan.end();
        engine.ifft(work, 0, workCount, end, 0);
        formalDerivative(engine, work, workCount);
        engine.fft(work, 0, workCount, end, 0);
        for (int i = 0; i < originalCount; i++) {
            if (plan.missingOriginal()[i]) {
                int pos = originalPosition(i);
                engine.mul(work, pos, GfTables.MODULUS - erasures[pos]);
            }
        }
    }

    private static void formalDerivative(GfEngine engine, ShardBuffer work, int count) {
        for (int i = 1; i < count; i++) {
            int width = 1 << Integer.numberOfTrailingZeros(i);
            engine.xorShards(work, i - width, i, width);
        }
    }

    private static void requireShards(ShardBuffer work, int count) {
        if (work.shardCount() < count) {
            throw new IllegalArgumentException("work area has " + work.shardCount() + " shards, needs " + count);
        }
    }

    static int nextPowerOfTwo(int x) {
        return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Erasure pattern and error-locator logarithms for one decode, shared by all its batches. */
    public record DecodePlan(boolean[] present, char[] errorLocator, int end, boolean[] missingOriginal,
                             boolean anyMissing) {
    }
}
