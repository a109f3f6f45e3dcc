package dev.walrusstream.schemas.wire;

/**
 * The Confluent wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the record.
 */
public final class WireFormat {
    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Writes the 5-byte header into {@code out[0..5)}. */
    public static void writeHeader(byte[] out, int schemaId) {
        out[0] = MAGIC;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
    }

    /** {@code header ‖ body}. */
    public static byte[] frame(int schemaId, byte[] body) {
        byte[] out = new byte[HEADER_SIZE + body.length];
        writeHeader(out, schemaId);
        System.arraycopy(body, 0, out, HEADER_SIZE, body.length);
        return out;
    }

    /**
     * The schema id of a framed value.
     *
     * @throws MalformedFramingException when the value is null, shorter than the header or does not start with
     *                                   the magic byte
     */
    public static int schemaId(byte[] framed) {
        if (framed == null) {
            throw new MalformedFramingException("value is null (a tombstone), expected a framed Avro record", null);
        }
        if (framed.length < HEADER_SIZE) {
            throw new MalformedFramingException("value has " + framed.length + " byte(s), shorter than the "
                    + HEADER_SIZE + "-byte wire-format header", null);
        }
        if (framed[0] != MAGIC) {
            throw new MalformedFramingException(String.format(
                    "value starts with byte 0x%02x, expected the wire-format magic byte 0x00 (value has %d bytes)",
                    framed[0] & 0xff, framed.length), null);
        }
        return ((framed[1] & 0xff) << 24) | ((framed[2] & 0xff) << 16) | ((framed[3] & 0xff) << 8)
                | (framed[4] & 0xff);
    }
}
