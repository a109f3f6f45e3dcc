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
        for (int block = 0; block < data.blocksPerShard(); block++) {
            int at = base + block * ShardBuffer.BLOCK;
            for (int j = 0; j < 32; j++) {
                int x = (d[at + j] & 0xFF) | (d[at + 32 + j] & 0xFF) << 8;
                int p = GfTables.mul(x, logM);
                d[at + j] = (byte) p;
                d[at + 32 + j] = (byte) (p >>> 8);
            }
        }
    }

    /** Shard at byte offset x ^= (shard at byte offset y) · m, element by element. */
    private static void mulAdd(ShardBuffer data, int x, int y, int logM) {
        byte[] d = data.data();
        for (int block = 0; block < data.blocksPerShard(); block++) {
            int xs = x + block * ShardBuffer.BLOCK;
            int ys = y + block * ShardBuffer.BLOCK;
            for (int j = 0; j < 32; j++) {
                int v = (d[ys + j] & 0xFF) | (d[ys + 32 + j] & 0xFF) << 8;
                int p = GfTables.mul(v, logM);
                d[xs + j] ^= (byte) p;
                d[xs + 32 + j] ^= (byte) (p >>> 8);
            }
        }
    }

    private static void xorInto(ShardBuffer data, int dst, int src) {
        byte[] d = data.data();
        for (int i = 0; i < data.shardBytes(); i++) {
            d[dst + i] ^= d[src + i];
        }
    }
}
