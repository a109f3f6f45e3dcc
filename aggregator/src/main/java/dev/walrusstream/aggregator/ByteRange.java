package dev.walrusstream.aggregator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Range} request header resolved against a representation of {@code size} bytes (RFC 9110
 * §14): {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}. Syntax this server does not serve
 * (other units, several ranges) is ignored, as the RFC allows: the whole representation is sent.
 */
public sealed interface ByteRange {
    /** No usable Range header: 200 with everything. */
    record Whole(long size) implements ByteRange {
    }

    /** 206 with bytes {@code [start, endInclusive]}. */
    record Slice(long start, long endInclusive, long size) implements ByteRange {
        public long length() {
            return endInclusive - start + 1;
        }

        public String contentRange() {
            return "bytes " + start + "-" + endInclusive + "/" + size;
        }
    }

    /** 416: the range starts past the end (or asks for a suffix of nothing). */
    record Unsatisfiable(long size, String header) implements ByteRange {
        public String contentRange() {
            return "bytes */" + size;
        }
    }

    Pattern ONE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    static ByteRange parse(String header, long size) {
        if (header == null) {
            return new Whole(size);
        }
        Matcher m = ONE.matcher(header);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty() || m.group(1).length() > 18
                || m.group(2).length() > 18) {
            return new Whole(size);
        }
        if (m.group(1).isEmpty()) {
            long n = Long.parseLong(m.group(2));
            if (n == 0 || size == 0) {
                return new Unsatisfiable(size, header);
            }
            return new Slice(Math.max(0, size - n), size - 1, size);
        }
        long start = Long.parseLong(m.group(1));
        if (start >= size) {
            return new Unsatisfiable(size, header);
        }
        if (m.group(2).isEmpty()) {
            return new Slice(start, size - 1, size);
        }
        long end = Long.parseLong(m.group(2));
        if (end < start) {
            return new Whole(size);
        }
        return new Slice(start, Math.min(end, size - 1), size);
    }
}
