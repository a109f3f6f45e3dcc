package dev.walrusstream.ingest;

import dev.walrusstream.schemas.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourcePlannerTest {

    @Test
    void directoriesExpandRecursivelyInPathOrder(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("b/deep"));
        Files.createDirectories(data.resolve("a"));
        Files.createDirectories(data.resolve("empty"));
        Files.writeString(data.resolve("z.txt"), "z");
        Files.writeString(data.resolve("b/deep/x.json"), "{}");
        Files.writeString(data.resolve("a/2.bin"), "2");
        Files.writeString(data.resolve("a/10.bin"), "10");
        Path single = tmp.resolve("single.csv");
        Files.writeString(single, "a,b");

        List<String> warnings = new ArrayList<>();
        List<UploadSource> plan = new SourcePlanner(warnings::add).plan(
                List.of(single.toString(), data.toString()), new ByteArrayInputStream(new byte[0]), "stdin",
                "application/octet-stream");
        assertEquals(List.of("single.csv", "data/a/10.bin", "data/a/2.bin", "data/b/deep/x.json", "data/z.txt"),
                plan.stream().map(UploadSource::sourceName).toList());
        assertEquals("text/csv", plan.get(0).contentType());
        assertEquals("application/json", plan.get(3).contentType());
        assertEquals("x.json", plan.get(3).attributes().get(Attributes.NAME));
        assertEquals(2, plan.get(1).size().getAsLong());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void dashIsStandardInputOnce(@TempDir Path tmp) throws Exception {
        List<UploadSource> plan = new SourcePlanner(w -> { }).plan(List.of("-"),
                new ByteArrayInputStream(new byte[] {1, 2}), "from-pipe", "text/plain");
        assertEquals(1, plan.size());
        StreamUpload s = assertInstanceOf(StreamUpload.class, plan.get(0));
        assertEquals("from-pipe", s.sourceName());
        assertTrue(s.size().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new SourcePlanner(w -> { }).plan(List.of("-", "-"),
                new ByteArrayInputStream(new byte[0]), "x", "y"));
    }

    @Test
    void missingPathIsNamedBeforeAnythingHappens(@TempDir Path tmp) {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> new SourcePlanner(w -> { })
                .plan(List.of(tmp.resolve("nope").toString()), new ByteArrayInputStream(new byte[0]), "x", "y"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
