package dev.walrusstream.ingest.format;

import dev.walrusstream.schemas.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The footer reader against files written by pyarrow (see src/test/resources/README.md). */
class ParquetFooterTest {

    @Test
    void rowsGroupsColumnsAndWriterFromPyarrow() throws Exception {
        ParquetFooter f = ParquetFooter.read(WebDatasetInspectorTest.resource("parquet/rows-1234.parquet"));
        assertEquals(1234, f.rows());
        assertEquals(2, f.rowGroups());
        assertEquals(3, f.columns());
        assertEquals("parquet-cpp-arrow version 25.0.1", f.createdBy().orElseThrow());
    }

    @Test
    void emptyTable() throws Exception {
        ParquetFooter f = ParquetFooter.read(WebDatasetInspectorTest.resource("parquet/empty.parquet"));
        assertEquals(0, f.rows());
        assertEquals(1, f.rowGroups());
        assertEquals(1, f.columns());
    }

    @Test
    void recognitionPutsRowsInTheAttributes() throws Exception {
        Recognition r = FormatRecognizer.recognize(WebDatasetInspectorTest.resource("parquet/rows-1234.parquet"));
        assertEquals(ContentTypes.PARQUET, r.contentType());
        Map<String, String> a = r.attributes();
        assertEquals("parquet", a.get(Attributes.FORMAT));
        assertEquals("1234", a.get(Attributes.SAMPLES));
        assertEquals("1234", a.get(Attributes.PARQUET_ROWS));
        assertEquals("2", a.get(Attributes.PARQUET_ROW_GROUPS));
        assertEquals("3", a.get(Attributes.PARQUET_COLUMNS));
    }

    @Test
    void truncatedFileIsNamed(@TempDir Path dir) throws Exception {
        byte[] full = Files.readAllBytes(WebDatasetInspectorTest.resource("parquet/rows-1234.parquet"));
        Path cut = dir.resolve("cut.parquet");
        Files.write(cut, Arrays.copyOf(full, full.length - 100));
        ParquetFormatException e = assertThrows(ParquetFormatException.class, () -> ParquetFooter.read(cut));
        assertTrue(e.getMessage().contains("cut.parquet"), e.getMessage());
        Recognition r = FormatRecognizer.recognize(cut);
        assertTrue(r.warning().orElseThrow().contains("cut.parquet"));
        assertTrue(r.attributes().isEmpty());
    }

    @Test
    void hostileFooterLengthIsRefused(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("huge.parquet");
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.put("PAR1".getBytes()).put(new byte[8]).putInt(0x7fffffff).put("PAR1".getBytes());
        Files.write(p, b.array());
        ParquetFormatException e = assertThrows(ParquetFormatException.class, () -> ParquetFooter.read(p));
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
    }

    @Test
    void corruptFooterBytesAreBoundsChecked(@TempDir Path dir) throws Exception {
        byte[] full = Files.readAllBytes(WebDatasetInspectorTest.resource("parquet/rows-1234.parquet"));
        int footerLen = ByteBuffer.wrap(full, full.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = full.length - 8 - footerLen;
        java.util.Random rnd = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            byte[] bad = full.clone();
            for (int k = 0; k < 4; k++) {
                bad[start + rnd.nextInt(footerLen)] = (byte) rnd.nextInt(256);
            }
            Path p = dir.resolve("fuzz.parquet");
            Files.write(p, bad);
            try {
                ParquetFooter.read(p); // either parses or says why; never anything else
            } catch (ParquetFormatException expected) {
                assertTrue(expected.getMessage().contains("fuzz.parquet"));
            }
        }
    }

    @Test
    void notParquetAtAll(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("fake.parquet");
        Files.writeString(p, "just some text, long enough");
        assertThrows(ParquetFormatException.class, () -> ParquetFooter.read(p));
    }
}
