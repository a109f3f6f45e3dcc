package dev.walrusstream.ingest.format;

import dev.walrusstream.schemas.Attributes;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebDatasetInspectorTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(WebDatasetInspectorTest.class.getResource("/" + name).toURI());
    }

    @Test
    void gnuTarShardFromGnuTar() throws Exception {
        Recognition r = FormatRecognizer.recognize(resource("webdataset/shard-gnu.tar"));
        Map<String, String> a = r.attributes();
        assertEquals(ContentTypes.TAR, r.contentType());
        assertEquals("webdataset", a.get(Attributes.FORMAT));
        assertEquals("5", a.get(Attributes.SAMPLES));
        assertEquals("14", a.get(Attributes.TAR_ENTRIES));
        assertEquals("cls,jpg,json,seg.png", a.get(Attributes.WEBDATASET_EXTENSIONS));
        assertEquals("train/000000", a.get(Attributes.WEBDATASET_FIRST_KEY));
        assertEquals("train/a-rather-long-directory-name-to-push-the-member-path-beyond-the-one-hundred-byte-ustar"
                + "-name-field/000004", a.get(Attributes.WEBDATASET_LAST_KEY));
        assertTrue(r.warning().isEmpty());
    }

    @Test
    void paxShardFromPythonTarfile() throws Exception {
        Map<String, String> a = FormatRecognizer.recognize(resource("webdataset/shard-pax.tar")).attributes();
        assertEquals("webdataset", a.get(Attributes.FORMAT));
        assertEquals("5", a.get(Attributes.SAMPLES));
        assertEquals("9", a.get(Attributes.TAR_ENTRIES));
        assertEquals("json,npy,txt", a.get(Attributes.WEBDATASET_EXTENSIONS));
        assertEquals("s/0001", a.get(Attributes.WEBDATASET_FIRST_KEY));
        assertEquals("__meta__", a.get(Attributes.WEBDATASET_LAST_KEY));
    }

    @Test
    void keysSplitAtTheFirstDotOfTheBaseName() {
        assertEquals("a.b/c", WebDatasetInspector.split("a.b/c.d.e").orElseThrow()[0]);
        assertEquals("d.e", WebDatasetInspector.split("a.b/c.d.e").orElseThrow()[1]);
        assertTrue(WebDatasetInspector.split("README").isEmpty());
        assertTrue(WebDatasetInspector.split("dir/.hidden").isEmpty());
        assertTrue(WebDatasetInspector.split("trailing.").isEmpty());
    }

    @Test
    void aTarOfPlainFilesIsATarNotAShard(@TempDir Path dir) throws IOException {
        Path tar = dir.resolve("docs.tar");
        writeTar(tar, Map.of("README", "hello", "src/Main.java", "class Main {}"));
        Map<String, String> a = FormatRecognizer.recognize(tar).attributes();
        assertEquals("tar", a.get(Attributes.FORMAT));
        assertEquals("2", a.get(Attributes.TAR_ENTRIES));
        assertFalse(a.containsKey(Attributes.SAMPLES));
    }

    @Test
    void samplesAreDistinctKeysOverManyMembers(@TempDir Path dir) throws IOException {
        Path tar = dir.resolve("shard-000.tar");
        Map<String, String> members = new java.util.TreeMap<>();
        for (int i = 0; i < 250; i++) {
            String key = String.format("%06d", i);
            members.put(key + ".jpg", "img" + i);
            members.put(key + ".cls", Integer.toString(i % 10));
        }
        writeTar(tar, members);
        Map<String, String> a = FormatRecognizer.recognize(tar).attributes();
        assertEquals("250", a.get(Attributes.SAMPLES));
        assertEquals("500", a.get(Attributes.TAR_ENTRIES));
    }

    @Test
    void aBrokenTarIsUploadedWithAWarning(@TempDir Path dir) throws IOException {
        Path tar = dir.resolve("broken.tar");
        byte[] junk = new byte[1536];
        java.util.Arrays.fill(junk, (byte) 'x');
        Files.write(tar, junk);
        Recognition r = FormatRecognizer.recognize(tar);
        assertTrue(r.warning().isPresent());
        assertTrue(r.warning().get().contains("broken.tar"), r.warning().get());
        assertFalse(r.attributes().containsKey(Attributes.FORMAT));
    }

    static void writeTar(Path tar, Map<String, String> members) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar);
             TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> m : members.entrySet()) {
                byte[] b = m.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(b.length);
                t.putArchiveEntry(e);
                t.write(b);
                t.closeArchiveEntry();
            }
        }
    }
}
