package dev.walrusstream.node.internal;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.SliverType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slivers as plain files, one per sliver: {@code ROOT/<first byte of the blob ID, hex>/<blob ID, hex>/p<pair>}
 * (primary) or {@code s<pair>} (secondary), each holding the BCS {@code SliverData} exactly as uploaded.
 *
 * <p>A sliver is written to a temporary file beside its final name and renamed into place, so a reader (or a
 * restart after a crash) sees either the whole sliver or none. Writes are not synced one by one: before the
 * node signs a confirmation it calls {@link #sync}, which forces the blob's files and directories to disk
 * in one go, so a confirmed sliver survives a crash of the process or of the machine. Temporary files a
 * killed process left behind are removed when the store is opened.
 *
 * <p>Why files and not RocksDB: a RocksDB {@code put} copies a sliver into native memory, into the
 * write-ahead log and into the memtable, and flushes it once more into a blob file; writing the bytes of
 * the request body straight into a file costs a fraction of that CPU (docs/benchmarks.md).
 */
final class SliverFiles {
    private static final String TMP_SUFFIX = ".tmp";
    private static final HexFormat HEX = HexFormat.of();

    private final Path root;
    private final AtomicLong tmpCounter = new AtomicLong();

    private SliverFiles(Path root) {
        this.root = root;
    }

    /** Opens (creating) the sliver directory and removes temporary files an earlier process left. */
    static SliverFiles open(Path root) {
        try {
            Files.createDirectories(root);
            removeTemporaries(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sliver directory " + root + ": " + e.getMessage(), e);
        }
        return new SliverFiles(root);
    }

    private static void removeTemporaries(Path root) throws IOException {
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root)) {
            for (Path prefix : prefixes) {
                if (!Files.isDirectory(prefix)) {
                    continue;
                }
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(prefix)) {
                    for (Path blob : blobs) {
                        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(blob, "*" + TMP_SUFFIX)) {
                            for (Path tmp : tmps) {
                                Files.deleteIfExists(tmp);
                            }
                        }
                    }
                }
            }
        }
    }

    Path root() {
        return root;
    }

    private Path blobDir(BlobId blobId) {
        String hex = HEX.formatHex(blobId.bytes());
        return root.resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static String name(SliverType type, int pairIndex) {
        return (type == SliverType.PRIMARY ? "p" : "s") + pairIndex;
    }

    Path file(BlobId blobId, SliverType type, int pairIndex) {
        return blobDir(blobId).resolve(name(type, pairIndex));
    }

    /** Writes {@code length} bytes of {@code buffer} from {@code offset} as the sliver's file, replacing any. */
    void put(BlobId blobId, SliverType type, int pairIndex, byte[] buffer, int offset, int length) {
        Path dir = blobDir(blobId);
        Path target = dir.resolve(name(type, pairIndex));
        Path tmp = dir.resolve(name(type, pairIndex) + "." + tmpCounter.incrementAndGet() + TMP_SUFFIX);
        try {
            try (FileChannel out = create(tmp)) {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the open of the next store removes it
            }
            throw new UncheckedIOException("cannot write the " + type.label() + " sliver of pair " + pairIndex + " of "
                    + blobId + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** A new file; the blob's directory is made by its first sliver, not checked again on every write. */
    private static FileChannel create(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException firstOfTheBlob) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** The sliver's bytes, or null when there is no such file. */
    byte[] get(BlobId blobId, SliverType type, int pairIndex) {
        Path file = file(blobId, type, pairIndex);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    boolean has(BlobId blobId, SliverType type, int pairIndex) {
        return Files.isRegularFile(file(blobId, type, pairIndex));
    }

    void delete(BlobId blobId, SliverType type, int pairIndex) {
        Path file = file(blobId, type, pairIndex);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes every sliver file of the blob and its directory. */
    void deleteBlob(BlobId blobId) {
        Path dir = blobDir(blobId);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the slivers in " + dir + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // a sliver of the blob arrived meanwhile: it stays
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forces the blob's sliver files, its directory (the renames) and the directories above it (their
     * creation) to disk. After this returns, the slivers survive a crash of the process or the machine.
     */
    void sync(BlobId blobId) {
        Path dir = blobDir(blobId);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(TMP_SUFFIX)) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    ch.force(true);
                } catch (NoSuchFileException deleted) {
                    // dropped meanwhile (a shard moved away): nothing to keep
                }
            }
        } catch (NoSuchFileException e) {
            return; // no sliver of this blob is stored as a file
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the slivers in " + dir + ": " + e.getMessage(), e);
        }
        syncDirectory(dir);
        syncDirectory(dir.getParent());
        syncDirectory(root);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
