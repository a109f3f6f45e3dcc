package dev.walrusstream.node.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes new files with {@code O_DIRECT}: the bytes go from a few reused, block-aligned native buffers to the
 * disk, not through freshly allocated page-cache pages. Most of what a node writes is read rarely or never
 * (a blob is read from any third of its slivers), and on this project's machines the kernel's buffered
 * {@code write} of a sliver cost several times the copy itself (page allocation and its accounting,
 * docs/benchmarks.md); a direct write costs one copy into the aligned buffer and the device's I/O.
 *
 * <p>A direct write pads its last block and then truncates the file to the exact length, so the file
 * holds exactly the bytes given. Whether the file system takes {@code O_DIRECT} (tmpfs and some others
 * do not) is probed once by {@link #probe}; where it does not, or when all buffers are busy, the caller
 * writes the usual way ({@link #write} answers false). Durability is the caller's as with any write:
 * {@code O_DIRECT} does not replace the {@code fsync} before a confirmation.
 */
final class DirectWrites {
    /** File-system blocks are at most this large here; {@code O_DIRECT} needs offsets, lengths and addresses aligned to the device's logical block (512 B or 4 KiB). */
    static final int ALIGN = 4096;
    /** Bytes per native buffer: a sliver larger than this is written in several aligned chunks. */
    static final int CHUNK = 1 << 20;
    /** Buffers per node: bounds the native memory (4 MiB) and the direct writes at a time. */
    static final int BUFFERS = 4;

    private static final byte[] ZEROS = new byte[ALIGN];
    private static final System.Logger LOG = System.getLogger(DirectWrites.class.getName());

    private final OpenOption direct;
    private final BlockingQueue<ByteBuffer> buffers;

    private DirectWrites(OpenOption direct, int count) {
        this.direct = direct;
        this.buffers = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            buffers.add(ByteBuffer.allocateDirect(CHUNK + ALIGN).alignedSlice(ALIGN));
        }
    }

    /**
     * Direct writes into {@code dir}, when this JDK has {@code O_DIRECT} and the file system under
     * {@code dir} takes it (tried with a probe file, removed again); empty otherwise, with the reason logged.
     */
    static Optional<DirectWrites> probe(Path dir) {
        OpenOption option = directOption();
        if (option == null) {
            LOG.log(System.Logger.Level.INFO, "sliver files in " + dir + " are written through the page cache: this JDK "
                    + "has no com.sun.nio.file.ExtendedOpenOption.DIRECT");
            return Optional.empty();
        }
        DirectWrites writes = new DirectWrites(option, BUFFERS);
        Path probe = dir.resolve(".direct-probe." + ProcessHandle.current().pid() + SliverFiles.TMP_SUFFIX);
        try {
            byte[] bytes = new byte[ALIGN + 3];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            if (!writes.write(probe, bytes, 0, bytes.length)) {
                throw new IOException("no buffer free");
            }
            if (!java.util.Arrays.equals(bytes, Files.readAllBytes(probe))) {
                throw new IOException("the probe file read back differs from what was written");
            }
            return Optional.of(writes);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "sliver files in " + dir + " are written through the page cache: "
                    + "O_DIRECT failed there (" + e + ")");
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // removed with the other temporary files when the store is next opened
            }
        }
    }

    private static OpenOption directOption() {
        try {
            // com.sun.nio.file is outside the Java SE API (javac warns on a direct reference), so it is looked up
            Class<?> type = Class.forName("com.sun.nio.file.ExtendedOpenOption");
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals("DIRECT")) {
                    return (OpenOption) constant;
                }
            }
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Writes {@code buffer[offset, offset + length)} as the new file {@code file} with {@code O_DIRECT}. Answers
     * false, having touched nothing, when every native buffer is in use (the caller then writes it buffered).
     */
    boolean write(Path file, byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer chunk = buffers.poll();
        if (chunk == null) {
            return false;
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, direct)) {
            int done = 0;
            while (done < length) {
                int n = Math.min(CHUNK, length - done);
                int padded = (n + ALIGN - 1) & -ALIGN;
                chunk.clear();
                chunk.put(buffer, offset + done, n);
                chunk.put(ZEROS, 0, padded - n);
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                done += n;
            }
            if (length % ALIGN != 0) {
                out.truncate(length);
            }
        } finally {
            buffers.add(chunk);
        }
        return true;
    }
}
