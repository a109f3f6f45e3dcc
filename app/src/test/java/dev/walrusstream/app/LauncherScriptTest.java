package dev.walrusstream.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code walrus-stream} launcher script's JVM options, run from a copy beside an empty jar and
 * against a fake JDK whose {@code java} prints the arguments it was given, one per line.
 */
class LauncherScriptTest {
    @TempDir
    Path dir;
    private Path script;
    private Path jdk;

    @BeforeEach
    void layout() throws IOException {
        Path original = findScript();
        script = dir.resolve("walrus-stream");
        Files.copy(original, script, StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(dir.resolve("app/target/lib"));
        Files.write(dir.resolve("app/target/walrus-stream.jar"), new byte[0]);
        jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void longRunningCommandsTakeAndPreTouchTheWholeHeap() throws Exception {
        for (String command : List.of("bench", "up")) {
            List<String> options = jvmOptions(Map.of(), command, "net");
            assertTrue(options.containsAll(List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC")),
                    command + ": " + options);
        }
    }

    @Test
    void otherCommandsStartSmall() throws Exception {
        for (String command : List.of("read", "demo", "store", "node")) {
            List<String> options = jvmOptions(Map.of(), command, "x");
            assertTrue(options.containsAll(List.of("-Xmx4g", "-XX:+UseParallelGC")), command + ": " + options);
            assertFalse(options.contains("-XX:+AlwaysPreTouch"), command + ": " + options);
            assertFalse(options.contains("-Xms4g"), command + ": " + options);
        }
    }

    @Test
    void theEnvironmentReplacesTheDefaults() throws Exception {
        List<String> options = jvmOptions(Map.of("WALRUS_STREAM_JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"), "bench", "net");
        assertTrue(options.containsAll(List.of("-Xmx1g", "-XX:+UseG1GC")), options.toString());
        assertFalse(options.contains("-XX:+AlwaysPreTouch"), options.toString());
        assertFalse(options.contains("-XX:+UseParallelGC"), options.toString());
    }

    /** The arguments the launcher hands to java, up to the main class (the command's own arguments after it). */
    private List<String> jvmOptions(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().remove("WALRUS_STREAM_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not end");
        assertEquals(0, p.exitValue(), "the launcher failed: " + err);
        List<String> lines = List.of(out.split("\n"));
        int main = lines.indexOf(Main.class.getName());
        assertTrue(main > 0, "no main class in: " + lines);
        assertEquals(List.of(args), lines.subList(main + 1, lines.size()), "the command's arguments");
        return lines.subList(0, main);
    }

    /** The repository's walrus-stream script, found upward from the working directory. */
    private static Path findScript() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("walrus-stream");
            if (Files.isRegularFile(s) && Files.isRegularFile(d.resolve("app/pom.xml"))) {
                return s;
            }
        }
        throw new IllegalStateException("no walrus-stream launcher above " + Path.of("").toAbsolutePath());
    }
}
