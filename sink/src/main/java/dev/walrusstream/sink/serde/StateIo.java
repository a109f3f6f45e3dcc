package dev.walrusstream.sink.serde;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The building blocks of every job-state format: strings and byte arrays as a 4-byte length (−1 for
 * null) and their bytes (UTF-8 for strings), so there is no 64 KiB limit as with
 * {@code writeUTF}; string maps as a count and pairs. Lengths are checked against
 * {@link #MAX_FIELD_BYTES} before anything is allocated, so a corrupt payload fails with an error
 * naming the field instead of exhausting memory.
 */
public final class StateIo {
    /** The largest string or byte array one field may hold (256 MiB, above any blob a job stores). */
    public static final int MAX_FIELD_BYTES = 256 << 20;

    private StateIo() {
    }

    public static void writeString(DataOutput out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    public static String readString(DataInput in, String field) throws IOException {
        byte[] b = readBytes(in, field);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    public static byte[] readBytes(DataInput in, String field) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < -1 || n > MAX_FIELD_BYTES) {
            throw new IOException("corrupt state: field '" + field + "' claims " + n + " bytes (allowed: -1 for null, 0 to "
                    + MAX_FIELD_BYTES + ")");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    public static void writeStringMap(DataOutput out, Map<String, String> map) throws IOException {
        out.writeInt(map == null ? -1 : map.size());
        if (map != null) {
            for (Map.Entry<String, String> e : map.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
        }
    }

    /** Reads a map written by {@link #writeStringMap}; null stays null. Keeps the written order. */
    public static Map<String, String> readStringMap(DataInput in, String field) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < -1 || n > MAX_FIELD_BYTES / 8) {
            throw new IOException("corrupt state: map '" + field + "' claims " + n + " entries");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in, field + " key"), readString(in, field + " value"));
        }
        return map;
    }

    /** Checks a count read from a payload before a loop or allocation trusts it. */
    public static int readCount(DataInput in, String field, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("corrupt state: '" + field + "' count " + n + " is outside 0.." + max);
        }
        return n;
    }
}
