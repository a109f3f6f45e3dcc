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
    void anUploadLeftBehindByItsPartitionExpiresWhenItsTimerIsDue() {
        IncompleteTimeout t = new IncompleteTimeout(T, 0);
        t.input(1_000, "walrus.chunks", 0, 500_000);   // the upload's last chunk
        t.input(11_000, "walrus.chunks", 0, 510_000);  // the producer went on, 10 s later
        assertEquals(OptionalLong.empty(), t.deferral(11_000, "walrus.chunks", 0, 500_000L));
    }

    @Test
    void aSilentInputExpiresTheUploadAfterTheTimeout() {
        IncompleteTimeout t = new IncompleteTimeout(T, 0);
        t.input(1_000, "walrus.chunks", 0, 500_000);
        assertEquals(OptionalLong.of(11_000), t.deferral(5_000, "walrus.chunks", 0, 500_000L), "not silent for long yet");
        assertEquals(OptionalLong.empty(), t.deferral(11_000, "walrus.chunks", 0, 500_000L), "nothing read for 10 s");
    }

    @Test
    void aTimerRestoredOverdueWaitsWhileTheReplayHasNotMovedPastTheUpload() {
        // the upload's last chunk was stamped 500 000; the job came back at 60 000 (processing time)
        IncompleteTimeout t = new IncompleteTimeout(T, 60_000);
        assertEquals(OptionalLong.of(70_000), t.deferral(60_000, "walrus.chunks", 0, 500_000L), "fires at once, put off");
        t.input(65_000, "walrus.chunks", 0, 499_000); // catching up: older records than the upload's
        t.input(69_000, "walrus.chunks", 1, 900_000); // another partition far ahead does not count
        assertEquals(OptionalLong.of(79_000), t.deferral(70_000, "walrus.chunks", 0, 500_000L));
        t.input(78_000, "walrus.chunks", 0, 505_000); // backpressured, but still within the upload's window
        assertEquals(OptionalLong.of(88_000), t.deferral(79_000, "walrus.chunks", 0, 500_000L));
        t.input(80_000, "walrus.chunks", 0, 510_000);
        assertEquals(OptionalLong.empty(), t.deferral(81_000, "walrus.chunks", 0, 500_000L), "the partition moved on");
    }

    @Test
    void stateOfAnEarlierBuildWithoutATimestampExpiresOnSilenceOnly() {
        IncompleteTimeout t = new IncompleteTimeout(T, 0);
        t.input(5_000, "walrus.chunks", 0, 900_000);
        assertTrue(t.deferral(10_000, "walrus.chunks", 0, null).isPresent());
        assertTrue(t.deferral(15_000, "walrus.chunks", 0, null).isEmpty());
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IncompleteTimeout(Duration.ZERO, 0));
        assertTrue(e.getMessage().contains("upload.incomplete-timeout") && e.getMessage().contains("PT0S"), e.getMessage());
    }
}
