package dev.walrusstream.codec.rs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReedSolomonCodeTest {

    /** The rate table of docs/protocol/walrus-spec.md §1.5. */
    @ParameterizedTest
    @CsvSource({"3,4,true", "5,2,true", "4,6,false", "7,3,true", "34,66,false", "67,33,true",
        "334,666,false", "667,333,true", "1024,1024,true", "1024,1025,false", "1025,1024,true"})
    void picksTheCratesRate(int o, int r, boolean high) {
        assertEquals(high, ReedSolomonCode.useHighRate(o, r));
    }

    @Test
    void rejectsUnsupportedCounts() {
        assertThrows(IllegalArgumentException.class, () -> new ReedSolomonCode(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new ReedSolomonCode(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReedSolomonCode(40000, 40000));
    }

    @Test
    void fieldTablesAreInverse() {
        for (int x = 1; x < GfTables.ORDER; x++) {
            assertEquals(x, GfTables.exp(GfTables.log(x)));
            assertEquals(x, GfTables.mul(x, 0), "multiplying by the element with log 0 (one)");
        }
        assertEquals(0, GfTables.mul(0, 1234));
    }

    @ParameterizedTest
    @CsvSource({"3,4,2,1", "5,2,66,2", "4,6,100,3", "7,3,2,5", "34,66,462,2", "67,33,64,3", "200,56,130,1", "1,5,6,2"})
    void decodesEveryErasurePatternItWasGiven(int o, int r, int symbolSize, int symbolsPerShard) {
        Random random = new Random(o * 1000L + r);
        ReedSolomonCode code = new ReedSolomonCode(o, r);
        GfEngine engine = Engines.best();
        byte[][] originals = new byte[o][symbolSize * symbolsPerShard];
        ShardBuffer work = new ShardBuffer(code.encodeWorkCount(), symbolSize, symbolsPerShard);
        for (int i = 0; i < o; i++) {
            random.nextBytes(originals[i]);
            work.putSymbols(i, 0, originals[i], 0, symbolsPerShard);
        }
        code.encode(engine, work);
        byte[][] recovery = new byte[r][symbolSize * symbolsPerShard];
        for (int i = 0; i < r; i++) {
            work.getSymbols(i, 0, recovery[i], 0, symbolsPerShard);
        }
        for (int trial = 0; trial < 5; trial++) {
            boolean[] origOk = new boolean[o];
            boolean[] recOk = new boolean[r];
            // keep exactly o shards, chosen at random among all o + r
            int[] order = random.ints(0, o + r).distinct().limit(o).toArray();
            for (int pos : order) {
                if (pos < o) {
                    origOk[pos] = true;
                } else {
                    recOk[pos - o] = true;
                }
            }
            ShardBuffer dec = new ShardBuffer(code.decodeWorkCount(), symbolSize, symbolsPerShard);
            for (int i = 0; i < o; i++) {
                if (origOk[i]) {
                    dec.putSymbols(code.originalPosition(i), 0, originals[i], 0, symbolsPerShard);
                }
            }
            for (int i = 0; i < r; i++) {
                if (recOk[i]) {
                    dec.putSymbols(code.recoveryPosition(i), 0, recovery[i], 0, symbolsPerShard);
                }
            }
            code.decode(engine, dec, code.planDecode(origOk, recOk));
            for (int i = 0; i < o; i++) {
                if (origOk[i]) {
                    continue; // received shards are scratch after decoding; the caller keeps its copy
                }
                byte[] got = new byte[originals[i].length];
                dec.getSymbols(code.originalPosition(i), 0, got, 0, symbolsPerShard);
                assertArrayEquals(originals[i], got, "original " + i + " in trial " + trial);
            }
        }
    }
}
