package dev.walrusstream.embedded;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM that started the registry is killed with SIGKILL (no shutdown hooks run): the registry process must exit
 * by itself, because it watches the pipe its parent held.
 */
class RegistryNoOrphanIT {

    @Test
    void registryDiesWithItsKilledParent(@org.junit.jupiter.api.io.TempDir Path workDir) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        String repo = System.getProperty("walrus.maven.repo");
        if (repo != null) {
            cmd.add("-Dwalrus.maven.repo=" + repo);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(OrphanProbeMain.class.getName());
        cmd.add(workDir.toString()); // the killed JVM cannot clean up; JUnit removes this
        Process parent = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long registryPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("REGISTRY_PID ")) {
                    registryPid = Long.parseLong(line.substring("REGISTRY_PID ".length()).trim());
                    break;
                }
            }
            assertTrue(registryPid > 0, "probe JVM did not report a registry pid:\n" + seen);
            Optional<ProcessHandle> registry = ProcessHandle.of(registryPid);
            assertTrue(registry.isPresent() && registry.get().isAlive(), "registry not running");

            parent.destroyForcibly(); // SIGKILL: no shutdown hook can help
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));

            ProcessHandle handle = registry.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (handle.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            boolean orphanAlive = handle.isAlive();
            if (orphanAlive) {
                handle.destroyForcibly();
            }
            assertFalse(orphanAlive, "registry pid " + registryPid + " outlived its killed parent");
        } finally {
            parent.destroyForcibly();
        }
        assertNotNull(parent);
    }
}
