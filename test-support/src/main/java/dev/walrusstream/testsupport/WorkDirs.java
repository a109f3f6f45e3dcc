package dev.walrusstream.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Work directories under {@code target/} that survive a failed test, so the processes' logs
 * ({@code logs/}, {@code flink/}, {@code kafka/}) can be read afterwards; a passing test deletes its own.
 */
public final class WorkDirs {
    private WorkDirs() {
    }

    public static Path create(String name) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("target", name, stamp).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    public static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover under target/ is harmless
        }
    }
}
