package dev.walrusstream.ingest;

import dev.walrusstream.codec.text.ByteSize;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal: bytes, percentage, rate, ETA and uploads done, redrawn at most five
 * times a second. Each redraw is a whole line (cursor up, clear line, text, newline) so that line-buffered filters
 * between the JVM and the terminal pass it on at once. Without a known total it shows bytes and rate only.
 */
public final class ProgressBar implements ProgressListener {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 28;

    private final PrintWriter out;
    private final long clockStart;
    private long total = -1;
    private int uploads;
    private int done;
    private long bytes;
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(PrintWriter out) {
        this.out = out;
        this.clockStart = System.nanoTime();
    }

    @Override
    public void started(long totalBytes, int uploadCount) {
        total = totalBytes;
        uploads = uploadCount;
        draw(true);
    }

    @Override
    public void bytes(long n) {
        bytes += n;
        draw(false);
    }

    @Override
    public void uploadDone(UploadResult result) {
        done++;
        draw(false);
    }

    @Override
    public void finished() {
        draw(true);
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(now - clockStart);
        out.print((drawn ? "\033[1A\r\033[2K" : "") + line + "\n");
        out.flush();
        drawn = true;
    }

    /** The bar's text after {@code elapsedNanos} (package-visible for tests). */
    String render(long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double rate = bytes / seconds;
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            double frac = Math.min(1.0, (double) bytes / total);
            int filled = (int) Math.round(frac * WIDTH);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%3.0f%% ", frac * 100));
            sb.append(ByteSize.format(bytes)).append(" / ").append(ByteSize.format(total));
        } else {
            sb.append(ByteSize.format(bytes));
        }
        sb.append("  ").append(ByteSize.format((long) rate)).append("/s");
        if (total > 0 && bytes > 0 && bytes < total) {
            sb.append("  ETA ").append(duration((long) ((total - bytes) / rate)));
        }
        sb.append("  uploads ").append(done).append('/').append(uploads < 0 ? "?" : Integer.toString(uploads));
        return sb.toString();
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
