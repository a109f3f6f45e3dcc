package dev.walrusstream.ingest.format;

import dev.walrusstream.ingest.internal.ThriftCompactReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The few facts ingest needs from a Parquet file, read from its footer without parquet-java (which needs Hadoop):
 * {@code PAR1 ... FileMetaData (Thrift compact) ‖ footer length (u32 LE) ‖ PAR1}. Reads {@code num_rows} (field
 * 3), the row-group count (field 4), leaf columns (schema elements with a type, field 2) and {@code created_by}
 * (field 6); skips everything else.
 *
 * @param rows      total rows
 * @param rowGroups row groups
 * @param columns   leaf columns
 * @param createdBy writer, when recorded
 */
public record ParquetFooter(long rows, int rowGroups, int columns, Optional<String> createdBy) {
    /** Footers larger than this are refused (real ones are kilobytes to a few megabytes). */
    public static final int MAX_FOOTER_BYTES = 64 * 1024 * 1024;
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

    /** Reads the footer of {@code file}; {@link ParquetFormatException} says what is wrong and where. */
    public static ParquetFooter read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                throw new ParquetFormatException(file + ": " + size + " bytes, too short for a Parquet file");
            }
            byte[] head = readAt(ch, 0, 4);
            ByteBuffer tail = ByteBuffer.wrap(readAt(ch, size - 8, 8)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] tailMagic = new byte[4];
            tail.position(4);
            tail.get(tailMagic);
            if (java.util.Arrays.equals(tailMagic, ENCRYPTED_MAGIC)) {
                throw new ParquetFormatException(file + ": encrypted footer (PARE); row count not readable");
            }
            if (!java.util.Arrays.equals(head, MAGIC) || !java.util.Arrays.equals(tailMagic, MAGIC)) {
                throw new ParquetFormatException(file + ": no PAR1 magic at the start and end");
            }
            long footerLength = Integer.toUnsignedLong(tail.getInt(0));
            if (footerLength > size - 12 || footerLength > MAX_FOOTER_BYTES) {
                throw new ParquetFormatException(file + ": footer length " + footerLength + " does not fit a file of "
                        + size + " bytes (limit " + MAX_FOOTER_BYTES + ")");
            }
            long footerStart = size - 8 - footerLength;
            byte[] footer = readAt(ch, footerStart, (int) footerLength);
            try {
                return parse(footer);
            } catch (ParquetFormatException e) {
                throw new ParquetFormatException(file + ": footer at offset " + footerStart + ": " + e.getMessage());
            }
        }
    }

    /** Parses a serialized {@code FileMetaData}. */
    public static ParquetFooter parse(byte[] footer) {
        ThriftCompactReader r = new ThriftCompactReader(footer);
        long rows = -1;
        int rowGroups = 0;
        int columns = 0;
        String createdBy = null;
        r.beginStruct();
        while (true) {
            ThriftCompactReader.Field f = r.readFieldHeader();
            if (f == null) {
                break;
            }
            switch (f.id()) {
                case 2 -> {
                    r.expect(f, ThriftCompactReader.LIST);
                    int n = r.readListHeader(ThriftCompactReader.STRUCT);
                    for (int i = 0; i < n; i++) {
                        if (schemaElementHasType(r)) {
                            columns++;
                        }
                    }
                }
                case 3 -> {
                    r.expect(f, ThriftCompactReader.I64);
                    rows = r.readI64();
                }
                case 4 -> {
                    r.expect(f, ThriftCompactReader.LIST);
                    rowGroups = r.readListHeader(ThriftCompactReader.STRUCT);
                    for (int i = 0; i < rowGroups; i++) {
                        r.skip(ThriftCompactReader.STRUCT);
                    }
                }
                case 6 -> {
                    r.expect(f, ThriftCompactReader.BINARY);
                    createdBy = r.readString();
                }
                default -> r.skip(f.type());
            }
        }
        r.endStruct();
        if (rows < 0) {
            throw new ParquetFormatException("FileMetaData has no num_rows (field 3)");
        }
        return new ParquetFooter(rows, rowGroups, columns, Optional.ofNullable(createdBy));
    }

    private static boolean schemaElementHasType(ThriftCompactReader r) {
        boolean hasType = false;
        r.beginStruct();
        while (true) {
            ThriftCompactReader.Field f = r.readFieldHeader();
            if (f == null) {
                break;
            }
            if (f.id() == 1) {
                hasType = true;
            }
            r.skip(f.type());
        }
        r.endStruct();
        return hasType;
    }

    private static byte[] readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new ParquetFormatException("unexpected end of file at offset " + (position + buf.position()));
            }
        }
        return buf.array();
    }
}
