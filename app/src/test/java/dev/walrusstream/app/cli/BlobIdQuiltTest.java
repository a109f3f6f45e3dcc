package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code blob-id --quilt} against the official generator's "unicode" quilt vector (n = 10). */
class BlobIdQuiltTest {

    @Test
    void buildsTheQuiltOfTheFilesAndListsPatchIds(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("z.txt"), "z", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("\uFF21.txt"), "fullwidth A", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("\uD83D\uDE00.txt"), "emoji", StandardCharsets.UTF_8);
        CliRunner.Result r = CliRunner.run("blob-id", "--quilt", "--shards", "10", "--json",
                dir.resolve("\uD83D\uDE00.txt").toString(), dir.resolve("z.txt").toString(), dir.resolve("\uFF21.txt").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("SR-lUwqTe9Qr5beXc-VWKTBdj4doLnrLaP7UJPSx37Q", r.lastLine());
        JsonNode json = new ObjectMapper().readTree(r.out().substring(0, r.out().lastIndexOf('}') + 1));
        JsonNode patches = json.get("patches");
        assertEquals("z.txt", patches.get(0).get("identifier").asText(), "UTF-8 order puts z.txt first");
        assertEquals("\uD83D\uDE00.txt", patches.get(2).get("identifier").asText());
        assertTrue(patches.get(0).get("quiltPatchId").asText().startsWith("SR-lUwqTe9Qr5beXc-VWKTBdj4doLnrLaP7UJPSx37Q"));
        assertEquals(2, patches.get(0).get("range").get(0).asInt());
    }

    @Test
    void severalFilesWithoutQuiltIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a"), "a");
        CliRunner.Result r = CliRunner.run("blob-id", "--shards", "10", dir.resolve("a").toString(), dir.resolve("a").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("use --quilt"), r.err());
    }
}
