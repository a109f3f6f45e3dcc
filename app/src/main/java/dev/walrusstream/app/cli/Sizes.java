package dev.walrusstream.app.cli;

import java.util.Locale;

/** Human-readable sizes and WAL amounts, as the Walrus CLI prints them. */
final class Sizes {
    private Sizes() {
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** FROST (10⁻⁹ WAL) as WAL. */
    static String wal(long frost) {
        return String.format(Locale.ROOT, "%.4f WAL", frost / 1e9);
    }

    /** Parses sizes like {@code 1000}, {@code 64KiB}, {@code 16MiB}, {@code 1GiB} (also KB/MB/GB as powers of 1000). */
    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        String[][] suffixes = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1000"},
            {"MB", "1000000"}, {"GB", "1000000000"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}, {"B", "1"}};
        for (String[] s : suffixes) {
            if (t.endsWith(s[0])) {
                mult = Long.parseLong(s[1]);
                t = t.substring(0, t.length() - s[0].length()).trim();
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 1000, 64KiB, 16MiB)");
        }
    }
}
