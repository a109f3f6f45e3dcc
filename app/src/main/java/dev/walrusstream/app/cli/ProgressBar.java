package dev.walrusstream.app.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/** A one-line text progress bar (bytes and files) redrawn at most every 200 ms on a stream, usually standard error. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long totalBytes;
    private final int totalFiles;
    private long bytes;
    private int files;
    private long lastDraw;

    ProgressBar(PrintStream out, long totalBytes, int totalFiles) {
        this.out = out;
        this.totalBytes = totalBytes;
        this.totalFiles = totalFiles;
    }

    synchronized void add(long n) {
        bytes += n;
        long now = System.nanoTime();
        if (now - lastDraw > 200_000_000L) {
            lastDraw = now;
            draw();
        }
    }

    synchronized void advance(long n) {
        files++;
        add(n);
    }

    synchronized void fileDone() {
        files++;
        draw();
    }

    synchronized void done() {
        draw();
        out.println();
        out.flush();
    }

    private void draw() {
        double f = totalBytes == 0 ? 1 : (double) bytes / totalBytes;
        int filled = (int) Math.round(f * WIDTH);
        out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + String.format("%3d%%", (int) (f * 100))
                + "  " + files + "/" + totalFiles + " files  " + dev.walrusstream.ingest.ByteSize.format(bytes) + " / "
                + dev.walrusstream.ingest.ByteSize.format(totalBytes));
        out.flush();
    }

    /** An output stream that reports what passes through it to the bar. */
    static final class Counting extends FilterOutputStream {
        private final ProgressBar bar;

        Counting(OutputStream out, ProgressBar bar) {
            super(out);
            this.bar = bar;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bar.add(len);
        }
    }
}
