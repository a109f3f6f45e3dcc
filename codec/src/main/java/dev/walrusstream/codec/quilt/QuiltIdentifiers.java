package dev.walrusstream.codec.quilt;

import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.CodecException.InvalidQuilt.Reason;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Identifier rules of QuiltV1 exactly as Walrus's Rust code checks them (docs/protocol/quilt-spec.md §1.4): not empty,
 * at most 65535 UTF-8 bytes (and its BCS form below 65535), no trailing Unicode White_Space, no
 * control character anywhere. Patches are ordered by the UTF-8 bytes of their identifiers.
 */
public final class QuiltIdentifiers {
    /** UTF-8 byte order (Rust's String order), not Java's UTF-16 order. */
    public static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private QuiltIdentifiers() {
    }

    public static void validate(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw invalid("quilt identifier must not be empty");
        }
        byte[] utf8 = identifier.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF || utf8.length + BcsWriter.uleb128Length(utf8.length) >= 0xFFFF) {
            throw invalid("quilt identifier of " + utf8.length + " UTF-8 bytes is too long (limit 65532)");
        }
        int last = identifier.codePointBefore(identifier.length());
        if (isUnicodeWhiteSpace(last)) {
            throw invalid("quilt identifier '" + printable(identifier) + "' ends with whitespace U+"
                    + String.format("%04X", last));
        }
        identifier.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                throw invalid("quilt identifier '" + printable(identifier) + "' contains control character U+"
                        + String.format("%04X", cp));
            }
        });
    }

    /** The Unicode White_Space property (not Java's isWhitespace, which differs). */
    static boolean isUnicodeWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    private static CodecException.InvalidQuilt invalid(String message) {
        return new CodecException.InvalidQuilt(Reason.INVALID_IDENTIFIER, message);
    }
}
