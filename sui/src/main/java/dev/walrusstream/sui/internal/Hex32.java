package dev.walrusstream.sui.internal;

import java.util.HexFormat;

/** Parsing of Sui's {@code 0x}-prefixed 32-byte hex identifiers (addresses and object IDs). */
public final class Hex32 {
    private static final HexFormat HEX = HexFormat.of();

    private Hex32() {
    }

    /**
     * Parses {@code 0x} followed by 1 to 64 hex digits; shorter forms such as {@code 0x2} are
     * left-padded with zeros, as Sui's canonical form does.
     */
    public static byte[] parse(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String t = text.trim();
        if (!t.startsWith("0x") && !t.startsWith("0X")) {
            throw new IllegalArgumentException(what + " '" + text + "' must start with 0x");
        }
        String digits = t.substring(2);
        if (digits.isEmpty() || digits.length() > 64) {
            throw new IllegalArgumentException(what + " '" + text + "' must have 1 to 64 hex digits, has "
                    + digits.length());
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + " '" + text + "' has a non-hex character '"
                        + digits.charAt(i) + "' at position " + (i + 2));
            }
        }
        String padded = "0".repeat(64 - digits.length()) + digits;
        return HEX.parseHex(padded);
    }

    public static String format(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }
}
