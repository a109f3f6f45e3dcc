package dev.walrusstream.app.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashedIdHintTest {
    /** A 43-character base64url blob ID that begins with '-', as some blob IDs do. */
    private static final String DASHED = "-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kYRcU82Mwf";

    @Test
    void aBlobIdBeginningWithADashIsExplainedNamingTheIdAndTheFix() {
        CliRunner.Result r = CliRunner.run("blob-status", DASHED);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("hint: '" + DASHED + "' looks like an ID that begins with '-'"), r.err());
        assertTrue(r.err().contains("walrus-stream blob-status [OPTIONS] -- " + DASHED), r.err());
    }

    @Test
    void anIdAfterTheSeparatorIsTakenAsTheId() {
        CliRunner.Result r = CliRunner.run("blob-status", "--chain", "nonsense", "--", DASHED);
        assertFalse(r.err().contains("hint:"), r.err());
        assertFalse(r.err().contains("Missing required parameter"), r.err());
    }

    @Test
    void aMistypedOptionGetsNoIdHint() {
        CliRunner.Result r = CliRunner.run("blob-status", "--jsn", "x");
        assertEquals(2, r.exitCode(), r.err());
        assertFalse(r.err().contains("hint:"), r.err());
    }
}
