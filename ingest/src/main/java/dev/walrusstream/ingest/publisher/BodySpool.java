package dev.walrusstream.ingest.publisher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Holds a request body of unannounced length (chunked transfer encoding) until it is known to fit the limit:
 * in memory up to {@value #MEMORY_LIMIT} bytes, then in a temporary file. Nothing is produced before that.
 */
final class BodySpool implements AutoCloseable {
    static final int MEMORY_LIMIT = 4 * 1024 * 1024;

    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;

    /** Thrown when the body exceeds the limit; the spool is discarded. */
    static final class TooLarge extends Exception {
        final long seen;

        TooLarge(long seen) {
            super(null, null, false, false);
            this.seen = seen;
        }
    }

    /** Reads all of {@code in}, or stops with {@link TooLarge} as soon as more than {@code limit} bytes came. */
    static BodySpool read(InputStream in, long limit) throws IOException, TooLarge {
        BodySpool spool = new BodySpool();
        try {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) != -1) {
                if (spool.size + n > limit) {
                    throw new TooLarge(spool.size + n);
                }
                spool.write(buf, n);
            }
            if (spool.fileOut != null) {
                spool.fileOut.close();
            }
            return spool;
        } catch (IOException | TooLarge | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    private void write(byte[] buf, int n) throws IOException {
        if (fileOut == null && size + n > MEMORY_LIMIT) {
            file = Files.createTempFile("walrus-publisher-", ".body");
            fileOut = Files.newOutputStream(file);
            memory.writeTo(fileOut);
            memory.reset();
        }
        if (fileOut != null) {
            fileOut.write(buf, 0, n);
        } else {
            memory.write(buf, 0, n);
        }
        size += n;
    }

    long size() {
        return size;
    }

    InputStream open() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory.toByteArray());
    }

    @Override
    public void close() {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }
}
