package dev.walrusstream.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A registry that lost its port to another process is started again on a new one; these are the logs that say so. */
class RegistryPortTakenTest {
    @TempDir
    Path dir;

    @Test
    void recognisesQuarkusAndJdkWordings() throws Exception {
        assertTrue(EmbeddedSchemaRegistry.portTaken(log("2026-11-21 02:41:36 ERROR <> [io.quarkus.runtime."
                + "ApplicationLifecycleManager] (main) Port 36349 seems to be in use by another process.")));
        assertTrue(EmbeddedSchemaRegistry.portTaken(log("Caused by: java.net.BindException: Address already in use")));
    }

    @Test
    void otherFailuresAreNotRetried() throws Exception {
        assertFalse(EmbeddedSchemaRegistry.portTaken(log("ERROR Failed to start application: database is locked")));
        assertFalse(EmbeddedSchemaRegistry.portTaken(dir.resolve("missing.log")));
    }

    private Path log(String line) throws Exception {
        Path p = Files.createTempFile(dir, "registry", ".log");
        Files.writeString(p, "INFO starting\n" + line + "\nINFO stopped\n");
        return p;
    }
}
