package dev.walrusstream.codec.rs;

/**
 * The reference engine: the FFT and IFFT butterflies written out one field element at a time with
 * log/exp tables. Slow and obviously right; the fast engines must produce the same bytes.
 */
public final class ReferenceEngine implements GfEngine {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void fft(ShardBuffer data, int pos, int size, int truncatedSize, int skewDelta) {
        for (int dist = size / 2; dist > 0; dist /= 2) {
            for (int r = 0; r < truncatedSize; r += 2 * dist) {
                int logM = GfTables.SKEW[r + dist + skewDelta - 1];
                for (int i = r; i < r + dist; i++) {
                    int a = data.offset(pos + i);
                    int b = data.offset(pos + i + dist);
                    if (logM != GfTables.MODULUS) {
                        mulAdd(data, a, b, logM);
                    }
                    xorInto(data, b, a);
                }
            }
        }
    }

    @Override
    public void ifft(ShardBuffer data, int pos, int size, int truncatedSize, int skewDelta) {
        for (int dist = 1; dist < size; dist *= 2) {
            for (int r = 0; r < truncatedSize; r += 2 * dist) {
                int logM = GfTables.SKEW[r + dist + skewDelta - 1];
                for (int i = r; i < r + dist; i++) {
                    int a = data.offset(pos + i);
                    int b = data.offset(pos + i + dist);
                    xorInto(data, b, a);
                    if (logM != GfTables.MODULUS) {
                        mulAdd(data, a, b, logM);
                    }
                }
            }
        }
    }

    @Override
    public void mul(ShardBuffer data, int shard, int logM) {
        byte[] d = data.data();
        int base = data.offset(shard);
        int s = data.symbolSize();
        for (int q = 0; q < data.symbolsPerShard(); q++) {
            int sym = base + q * s;
            forEachPair(s, (lo, hi) -> {
                int x = (d[sym + lo] & 0xFF) | (d[sym + hi] & 0xFF) << 8;
                int p = GfTables.mul(x, logM);
                d[sym + lo] = (byte) p;
                d[sym + hi] = (byte) (p >>> 8);
            });
        }
    }

    /** shard at byte offset x ^= (shard at byte offset y) * logM. */
    private static void mulAdd(ShardBuffer data, int x, int y, int logM) {
        byte[] d = data.data();
        int s = data.symbolSize();
        for (int q = 0; q < data.symbolsPerShard(); q++) {
            int xs = x + q * s;
            int ys = y + q * s;
            forEachPair(s, (lo, hi) -> {
                int v = (d[ys + lo] & 0xFF) | (d[ys + hi] & 0xFF) << 8;
                int p = GfTables.mul(v, logM);
                d[xs + lo] ^= (byte) p;
                d[xs + hi] ^= (byte) (p >>> 8);
            });
        }
    }

    private static void xorInto(ShardBuffer data, int dst, int src) {
        byte[] d = data.data();
        for (int i = 0; i < data.shardBytes(); i++) {
            d[dst + i] ^= d[src + i];
        }
    }

    @FunctionalInterface
    private interface PairVisitor {
        void visit(int lowOffset, int highOffset);
    }

    /** Visits the (low byte, high byte) offsets of every field element of one symbol. */
    private static void forEachPair(int symbolSize, PairVisitor visitor) {
        int fullBlocks = symbolSize / 64;
        for (int b = 0; b < fullBlocks; b++) {
            for (int j = 0; j < 32; j++) {
                visitor.visit(b * 64 + j, b * 64 + 32 + j);
            }
        }
        int tail = symbolSize % 64;
        int tailBase = fullBlocks * 64;
        for (int j = 0; j < tail / 2; j++) {
            visitor.visit(tailBase + j, tailBase + tail / 2 + j);
        }
    }
}
