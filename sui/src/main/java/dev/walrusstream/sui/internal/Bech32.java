package dev.walrusstream.sui.internal;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** Bech32 (BIP-173, the original checksum constant 1) as Sui uses for {@code suiprivkey} strings. */
public final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int CHECKSUM_CONSTANT = 1;
    private static final int MAX_LENGTH = 90;

    /** The human-readable part and the decoded 8-bit payload. */
    public record Decoded(String hrp, byte[] data) {
    }

    private Bech32() {
    }

    public static String encode(String hrp, byte[] data) {
        byte[] values = convertBits(data, 8, 5, true);
        byte[] checksum = checksum(hrp, values);
        StringBuilder sb = new StringBuilder(hrp.length() + 1 + values.length + 6);
        sb.append(hrp).append('1');
        for (byte v : values) {
            sb.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            sb.append(CHARSET.charAt(v));
        }
        return sb.toString();
    }

    /** Decodes and verifies the checksum; every failure names what was wrong. */
    public static Decoded decode(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Bech32 string is " + text.length() + " characters, at most "
                    + MAX_LENGTH + " allowed");
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("Bech32 string has an invalid character at position " + i);
            }
            lower |= Character.isLowerCase(c);
            upper |= Character.isUpperCase(c);
        }
        if (lower && upper) {
            throw new IllegalArgumentException("Bech32 string mixes upper and lower case");
        }
        String s = text.toLowerCase(Locale.ROOT);
        int separator = s.lastIndexOf('1');
        if (separator < 1) {
            throw new IllegalArgumentException("Bech32 string has no human-readable part before the separator '1'");
        }
        if (separator + 7 > s.length()) {
            throw new IllegalArgumentException("Bech32 string is too short to hold a checksum");
        }
        String hrp = s.substring(0, separator);
        byte[] values = new byte[s.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            char c = s.charAt(separator + 1 + i);
            int v = CHARSET.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("Bech32 string has the invalid data character '" + c
                        + "' at position " + (separator + 1 + i));
            }
            values[i] = (byte) v;
        }
        if (polymod(expandHrp(hrp), values) != CHECKSUM_CONSTANT) {
            throw new IllegalArgumentException("Bech32 checksum does not match (mistyped or truncated key?)");
        }
        byte[] payload = java.util.Arrays.copyOf(values, values.length - 6);
        return new Decoded(hrp, convertBits(payload, 5, 8, false));
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] withZeros = java.util.Arrays.copyOf(values, values.length + 6);
        int mod = polymod(expandHrp(hrp), withZeros) ^ CHECKSUM_CONSTANT;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expandHrp(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static int polymod(byte[] hrp, byte[] values) {
        int chk = 1;
        for (byte[] part : new byte[][] {hrp, values}) {
            for (byte v : part) {
                int top = chk >>> 25;
                chk = ((chk & 0x1ffffff) << 5) ^ (v & 0xff);
                if ((top & 1) != 0) chk ^= 0x3b6a57b2;
                if ((top & 2) != 0) chk ^= 0x26508e6d;
                if ((top & 4) != 0) chk ^= 0x1ea119fa;
                if ((top & 8) != 0) chk ^= 0x3d4233dd;
                if ((top & 16) != 0) chk ^= 0x2a1462b3;
            }
        }
        return chk;
    }

    private static byte[] convertBits(byte[] data, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * from / to + 1);
        for (byte b : data) {
            int value = b & 0xff;
            if ((value >>> from) != 0) {
                throw new IllegalArgumentException("Bech32 value " + value + " does not fit in " + from + " bits");
            }
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & maxv);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            throw new IllegalArgumentException("Bech32 payload has invalid padding");
        }
        return out.toByteArray();
    }
}
