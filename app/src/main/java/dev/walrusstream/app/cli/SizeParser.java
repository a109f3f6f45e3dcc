package dev.walrusstream.app.cli;

import java.util.Locale;

/** Parses sizes such as {@code 64MiB}, {@code 16m}, {@code 1g}, {@code 4096}. Binary units. */
public final class SizeParser {
    private SizeParser() {
    }

    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long multiplier = 1;
        String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"},
            {"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
            {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                multiplier = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            long value = Long.parseLong(t);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 4096, 64KiB, 16MiB, 1GiB)");
        }
    }
}
