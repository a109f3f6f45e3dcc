package dev.walrusstream.codec.ids;

import java.util.HexFormat;

/**
 * Sui's 32-byte hex identifiers (addresses, object IDs): {@code 0x} and 1 to 64 hex digits, short
 * forms such as {@code 0x2} left-padded with zeros as in Sui's canonical form; written {@code 0x} and
 * 64 lower-case digits.
 */
public final class HexIds {
    private static final HexFormat HEX = HexFormat.of();

    private HexIds() {
    }

    /** Parses with or without the {@code 0x} prefix. */
    public static byte[] parse(String text, String what) {
        return parse(text, what, false);
    }

    /** Parses, requiring the {@code 0x} prefix. */
    public static byte[] parsePrefixed(String text, String what) {
        return parse(text, what, true);
    }

    private static byte[] parse(String text, String what, boolean prefixRequired) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String t = text.trim();
        boolean prefixed = t.startsWith("0x") || t.startsWith("0X");
        if (prefixRequired && !prefixed) {
            throw new IllegalArgumentException(what + " '" + text + "' must start with 0x");
        }
        String digits = prefixed ? t.substring(2) : t;
        if (digits.isEmpty() || digits.length() > 64) {
            throw new IllegalArgumentException(what + " '" + text + "' must have 1 to 64 hex digits, has "
                    + digits.length());
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + " '" + text + "' has a non-hex character '"
                        + digits.charAt(i) + "' at position " + (i + (prefixed ? 2 : 0)));
            }
        }
        return HEX.parseHex("0".repeat(64 - digits.length()) + digits);
    }

    /** {@code 0x} and 64 lower-case hex digits. */
    public static String format(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }
}
