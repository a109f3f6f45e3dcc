package dev.walrusstream.codec.rs;

/**
 * Tables of GF(2^16) as reed-solomon-simd (and Leopard-RS) define it: polynomial 0x1002D,
 * logarithms in the Cantor basis, the FFT skew factors and the Walsh transform of the log table
 * used by the decoder's error locator. Built once per JVM from the definitions; nothing copied.
 */
public final class GfTables {
    public static final int BITS = 16;
    public static final int ORDER = 1 << BITS;
    public static final int MODULUS = ORDER - 1;
    public static final int POLYNOMIAL = 0x1002D;

    private static final int[] CANTOR_BASIS = {
        0x0001, 0xACCA, 0x3C0E, 0x163E, 0xC582, 0xED2E, 0x914C, 0x4012,
        0x6C98, 0x10D8, 0x6A72, 0xB900, 0xFDB8, 0xFB34, 0xFF38, 0x991E,
    };

    /** exp[log] = element (exp[MODULUS] = exp[0]). */
    static final char[] EXP = new char[ORDER];
    /** log[element] (log[0] is not a logarithm). */
    static final char[] LOG = new char[ORDER];
    /** Log of the FFT twist factor for each butterfly group; MODULUS means "multiply by 0": skip. */
    static final char[] SKEW = new char[MODULUS];
    /** Fast Walsh–Hadamard transform of the log table (log[0] taken as 0). */
    static final char[] LOG_WALSH = new char[ORDER];

    static {
        buildExpLog();
        buildSkew();
        buildLogWalsh();
    }

    private GfTables() {
    }

    /** Addition of logarithms modulo 65535, in the crate's folded form (result may be 65535). */
    static int addMod(int x, int y) {
        int sum = x + y;
        return (sum + (sum >>> 16)) & 0xFFFF;
    }

    static int subMod(int x, int y) {
        int dif = x - y;
        return (dif + (dif >>> 16)) & 0xFFFF;
    }

    /** x times the element whose logarithm is logM. */
    public static int mul(int x, int logM) {
        return x == 0 ? 0 : EXP[addMod(LOG[x], logM)];
    }

    public static int log(int x) {
        return LOG[x];
    }

    public static int exp(int logX) {
        return EXP[logX];
    }

    public static int skew(int index) {
        return SKEW[index];
    }

    private static void buildExpLog() {
        // LFSR: EXP temporarily maps element -> exponent in the polynomial basis.
        int state = 1;
        for (int i = 0; i < MODULUS; i++) {
            EXP[state] = (char) i;
            state <<= 1;
            if (state >= ORDER) {
                state ^= POLYNOMIAL;
            }
        }
        EXP[0] = (char) MODULUS;

        // Elements expressed in the Cantor basis.
        LOG[0] = 0;
        for (int i = 0; i < BITS; i++) {
            int width = 1 << i;
            for (int j = 0; j < width; j++) {
                LOG[j + width] = (char) (LOG[j] ^ CANTOR_BASIS[i]);
            }
        }
        for (int i = 0; i < ORDER; i++) {
            LOG[i] = EXP[LOG[i]];
        }
        for (int i = 0; i < ORDER; i++) {
            EXP[LOG[i]] = (char) i;
        }
        EXP[MODULUS] = EXP[0];
    }

    private static void buildSkew() {
        int[] temp = new int[BITS - 1];
        for (int i = 1; i < BITS; i++) {
            temp[i - 1] = 1 << i;
        }
        int[] skew = new int[MODULUS];
        for (int m = 0; m < BITS - 1; m++) {
            int step = 1 << (m + 1);
            skew[(1 << m) - 1] = 0;
            for (int i = m; i < BITS - 1; i++) {
                int s = 1 << (i + 1);
                for (int j = (1 << m) - 1; j < s; j += step) {
                    skew[j + s] = skew[j] ^ temp[i];
                }
            }
            temp[m] = MODULUS - LOG[mul(temp[m], LOG[temp[m] ^ 1])];
            for (int i = m + 1; i < BITS - 1; i++) {
                int sum = addMod(LOG[temp[i] ^ 1], temp[m]);
                temp[i] = mul(temp[i], sum);
            }
        }
        for (int i = 0; i < MODULUS; i++) {
            SKEW[i] = LOG[skew[i]];
        }
    }

    private static void buildLogWalsh() {
        System.arraycopy(LOG, 0, LOG_WALSH, 0, ORDER);
        LOG_WALSH[0] = 0;
        fwht(LOG_WALSH, ORDER);
    }

    /**
     * In-place Walsh–Hadamard transform modulo 65535 (radix 4; 65536 = 4^8). Only the first
     * {@code truncated} entries may be non-zero.
     */
    static void fwht(char[] data, int truncated) {
        int dist = 1;
        int dist4 = 4;
        while (dist4 <= ORDER) {
            for (int r = 0; r < truncated; r += dist4) {
                for (int offset = r; offset < r + dist; offset++) {
                    int i0 = offset;
                    int i1 = offset + dist;
                    int i2 = offset + 2 * dist;
                    int i3 = offset + 3 * dist;
                    int a = data[i0];
                    int b = data[i1];
                    int c = data[i2];
                    int d = data[i3];
                    int s0 = addMod(a, b);
                    int d0 = subMod(a, b);
                    int s1 = addMod(c, d);
                    int d1 = subMod(c, d);
                    data[i0] = (char) addMod(s0, s1);
                    data[i1] = (char) addMod(d0, d1);
                    data[i2] = (char) subMod(s0, s1);
                    data[i3] = (char) subMod(d0, d1);
                }
            }
            dist = dist4;
            dist4 <<= 2;
        }
    }

    /** Logarithms of the error-locator polynomial at every position (decoder, Leopard style). */
    static void evalErrorLocator(char[] erasures, int truncated) {
        fwht(erasures, truncated);
        for (int i = 0; i < ORDER; i++) {
            int product = erasures[i] * LOG_WALSH[i];
            erasures[i] = (char) addMod(product & 0xFFFF, product >>> 16);
        }
        fwht(erasures, ORDER);
    }
}
