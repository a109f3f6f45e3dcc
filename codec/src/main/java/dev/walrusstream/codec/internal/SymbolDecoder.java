package dev.walrusstream.codec.internal;

import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.rs.GfEngine;
import dev.walrusstream.codec.rs.ReedSolomonCode;
import dev.walrusstream.codec.rs.ShardBuffer;

import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes the source part of codewords of one code from any {@code originalCount} symbols per
 * codeword, given by codeword position. Used to read a blob (columns, from primary slivers) and to
 * rebuild a sliver from recovery symbols (one codeword).
 */
public final class SymbolDecoder {
    private final GfEngine engine;
    private final Parallel parallel;
    private final ReedSolomonCode code;
    private final int s;

    public SymbolDecoder(GfEngine engine, Parallel parallel, ReedSolomonCode code, int symbolSize) {
        this.engine = engine;
        this.parallel = parallel;
        this.code = code;
        this.s = symbolSize;
    }

    /**
     * @param rows    codeword position → bytes holding {@code width} symbols side by side (one per codeword)
     * @param width   number of codewords decoded together
     * @return the {@code originalCount} source rows, each {@code width · S} bytes
     */
    public byte[][] decode(Map<Integer, byte[]> rows, int width, String what) {
        int k = code.originalCount();
        int total = k + code.recoveryCount();
        TreeMap<Integer, byte[]> chosen = choose(rows, k, total, what);
        byte[][] out = new byte[k][];
        boolean[] originalReceived = new boolean[k];
        boolean[] recoveryReceived = new boolean[code.recoveryCount()];
        for (Map.Entry<Integer, byte[]> e : chosen.entrySet()) {
            int pos = e.getKey();
            if (pos < k) {
                originalReceived[pos] = true;
                out[pos] = e.getValue();
            } else {
                recoveryReceived[pos - k] = true;
            }
        }
        boolean complete = true;
        for (boolean b : originalReceived) {
            complete &= b;
        }
        if (complete) {
            return out;
        }
        for (int i = 0; i < k; i++) {
            if (!originalReceived[i]) {
                out[i] = new byte[width * s];
            }
        }
        ReedSolomonCode.DecodePlan plan = code.planDecode(originalReceived, recoveryReceived);
        int workCount = code.decodeWorkCount();
        int m = Batches.symbolsPerShard(workCount, s, width);
        int batches = (width + m - 1) / m;
        parallel.forEach(batches, b -> {
            int c0 = b * m;
            int count = Math.min(m, width - c0);
            ShardBuffer work = WorkAreas.get(workCount, s, count);
            for (Map.Entry<Integer, byte[]> e : chosen.entrySet()) {
                int pos = e.getKey();
                int at = pos < k ? code.originalPosition(pos) : code.recoveryPosition(pos - k);
                work.putSymbols(at, 0, e.getValue(), c0 * s, count);
            }
            code.decode(engine, work, plan);
            for (int i = 0; i < k; i++) {
                if (!originalReceived[i]) {
                    work.getSymbols(code.originalPosition(i), 0, out[i], c0 * s, count);
                }
            }
        });
        return out;
    }

    /** Prefers source positions (no arithmetic needed), then the lowest recovery positions. */
    private static TreeMap<Integer, byte[]> choose(Map<Integer, byte[]> rows, int k, int total, String what) {
        TreeMap<Integer, byte[]> sorted = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> e : rows.entrySet()) {
            int pos = e.getKey();
            if (pos < 0 || pos >= total) {
                throw new CodecException.InvalidSliver(what + " position " + pos + " is outside the codeword of "
                        + total + " symbols");
            }
            sorted.put(pos, e.getValue());
        }
        if (sorted.size() < k) {
            throw new CodecException.NotEnoughSymbols(what, sorted.size(), k);
        }
        TreeMap<Integer, byte[]> chosen = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> e : sorted.entrySet()) {
            if (chosen.size() == k) {
                break;
            }
            chosen.put(e.getKey(), e.getValue());
        }
        return chosen;
    }

    /** For callers building codes from params. */
    public static SymbolDecoder primary(GfEngine engine, Parallel parallel, RedStuffParams params, int s) {
        return new SymbolDecoder(engine, parallel, params.primaryCode(), s);
    }

    public static SymbolDecoder secondary(GfEngine engine, Parallel parallel, RedStuffParams params, int s) {
        return new SymbolDecoder(engine, parallel, params.secondaryCode(), s);
    }
}
