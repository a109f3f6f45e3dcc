package dev.walrusstream.jobdist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test files and what {@code walrus-stream ingest --json} reported about them. */
final class Uploads {
    /** One line of {@code ingest --json}: an upload and the file it came from. */
    record Upload(String uploadId, String sourceName, long size, String sha256, Path file) {
    }

    private Uploads() {
    }

    /** Writes {@code sizes.length} files of random bytes (seeded) into {@code dir}. */
    static List<Path> randomFiles(Path dir, String prefix, long seed, int... sizes) {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < sizes.length; i++) {
                byte[] data = new byte[sizes[i]];
                random.nextBytes(data);
                Path f = dir.resolve(String.format("%s-%03d.bin", prefix, i));
                Files.write(f, data);
                files.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Parses the JSON lines of {@code ingest --json} output; {@code dir} resolves source names to files. */
    static List<Upload> parse(String output, Path dir) {
        ObjectMapper json = new ObjectMapper();
        List<Upload> out = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (!line.startsWith("{\"uploadId\"")) {
                continue;
            }
            try {
                JsonNode n = json.readTree(line);
                String name = n.path("sourceName").asText();
                out.add(new Upload(n.path("uploadId").asText(), name, n.path("size").asLong(), n.path("sha256").asText(),
                        dir.getParent().resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable ingest output line: " + line, e);
            }
        }
        return out;
    }
}
