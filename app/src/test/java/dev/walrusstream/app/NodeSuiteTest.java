package dev.walrusstream.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeSuiteTest {
    @TempDir
    Path dir;

    @Test
    void missingNodeFailsNamingIt() {
        NodeSuite suite = NodeSuite.interop("walrus-sdk").withSearchPath(dir.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, suite::requireTools);
        assertTrue(e.getMessage().contains("'node' is not on the PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("Node.js ≥ 20"), e.getMessage());
    }

    @Test
    void tooOldNodeFailsNamingTheVersion() throws Exception {
        script("node", "echo v18.19.0");
        NodeSuite suite = NodeSuite.interop("walrus-sdk").withSearchPath(dir.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, suite::requireTools);
        assertTrue(e.getMessage().contains("needs Node.js ≥ 20; 'node --version' says v18.19.0"), e.getMessage());
    }

    @Test
    void missingNpmFailsNamingIt() throws Exception {
        script("node", "echo v20.20.2");
        NodeSuite suite = NodeSuite.interop("walrus-sdk").withSearchPath(dir.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, suite::requireTools);
        assertTrue(e.getMessage().contains("'npm' is not on the PATH"), e.getMessage());
    }

    private void script(String name, String body) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
