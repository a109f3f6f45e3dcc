package dev.walrusstream.ingest;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    @Test
    void showsBytesPercentRateEtaAndUploads() {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()));
        bar.started(100L << 20, 4);
        bar.bytes(25L << 20);
        String line = bar.render(5_000_000_000L); // 25 MiB in 5 s
        assertTrue(line.contains(" 25% "), line);
        assertTrue(line.contains("25.0 MiB / 100.0 MiB"), line);
        assertTrue(line.contains("5.0 MiB/s"), line);
        assertTrue(line.contains("ETA 0:15"), line);
        assertTrue(line.contains("uploads 0/4"), line);
    }

    @Test
    void unknownTotalHasNoEta() {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()));
        bar.started(-1, 1);
        bar.bytes(2048);
        String line = bar.render(1_000_000_000L);
        assertTrue(line.startsWith("2.0 KiB  2.0 KiB/s"), line);
        assertTrue(!line.contains("ETA"), line);
    }

    @Test
    void redrawsAreWholeLinesThatReplaceThePreviousOne() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text));
        bar.started(10, 1);
        bar.bytes(10);
        bar.finished();
        String[] lines = text.toString().split("\n", -1);
        assertEquals(3, lines.length, text.toString()); // first draw, final redraw, empty tail
        assertTrue(!lines[0].contains("\033"), lines[0]);
        assertTrue(lines[1].startsWith("\033[1A\r\033[2K["), lines[1]);
        assertTrue(lines[1].contains("100%"), lines[1]);
        assertEquals("", lines[2]);
    }

    @Test
    void durations() {
        assertEquals("1:05", ProgressBar.duration(65));
        assertEquals("2:00:01", ProgressBar.duration(7201));
    }
}
