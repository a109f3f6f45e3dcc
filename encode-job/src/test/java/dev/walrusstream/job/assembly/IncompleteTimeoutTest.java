package dev.walrusstream.job.assembly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncompleteTimeoutTest {
    static final Duration T = Duration.ofSeconds(10);

    @Test
    void inSteadyOperationADueTimerExpiresTheUpload() {
        IncompleteTimeout t = new IncompleteTimeout(T, 1_000);
        t.input(1_000);
        long deadline = t.deadline(5_000);
        assertEquals(15_000, deadline);
        assertEquals(OptionalLong.empty(), t.deferral(deadline));
    }

    @Test
    void aTimerRestoredOverdueWaitsAFullTimeoutFromTheRestart() {
        // the upload's last chunk came at 0 (deadline 10 000); the job came back at 60 000
        IncompleteTimeout t = new IncompleteTimeout(T, 60_000);
        assertEquals(OptionalLong.of(70_000), t.deferral(60_000), "the restored timer fires at once and is put off");
        assertEquals(OptionalLong.empty(), t.deferral(70_000), "nothing was read for a full timeout: incomplete");
    }

    @Test
    void theGraceCountsFromTheFirstElementWhenTheInputStartsLate() {
        IncompleteTimeout t = new IncompleteTimeout(T, 60_000);
        t.input(65_000);
        t.input(66_000);
        assertEquals(OptionalLong.of(75_000), t.deferral(70_000), "from the first element after the restart");
        assertTrue(t.deferral(75_000).isEmpty());
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IncompleteTimeout(Duration.ZERO, 0));
        assertTrue(e.getMessage().contains("upload.incomplete-timeout") && e.getMessage().contains("PT0S"), e.getMessage());
    }
}
