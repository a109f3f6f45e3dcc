package dev.walrusstream.chain;

import java.util.HexFormat;

/** Parsing of 32-byte hex identifiers ({@code 0x} optional, short forms left-padded). */
final class HexIds {
    private HexIds() {
    }

    static byte[] parse(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 64) {
            throw new IllegalArgumentException(what + " '" + text + "' must be 1 to 64 hex digits");
        }
        if ((t.length() & 1) == 1) {
            t = "0" + t;
        }
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not hex", e);
        }
        byte[] out = new byte[32];
        System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
        return out;
    }
}
