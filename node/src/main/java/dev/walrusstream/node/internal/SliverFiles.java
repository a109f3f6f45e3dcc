package dev.walrusstream.node.internal;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.SliverType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * Slivers as the previous version of the node wrote them, one file each:
 * {@code ROOT/<first byte of the blob ID, hex>/<blob ID, hex>/p<pair>} (primary) or {@code s<pair>}
 * (secondary), each the BCS {@code SliverData} as uploaded. The node no longer writes them (larger slivers
 * go to the {@link SliverLog}); it still serves, syncs and deletes them, so a node upgraded in place keeps
 * its data. Temporary files a killed process of that version left behind are removed when the store opens.
 *
 * <p>Since nothing adds files any more, a directory that held none when the store opened holds none for
 * good: every method then answers at once, without touching the file system (a new node pays no
 * {@code stat} or {@code unlink} per sliver for data it never had).
 */
final class SliverFiles {
    private static final String TMP_SUFFIX = ".tmp";
    private static final HexFormat HEX = HexFormat.of();

    private final Path root;
    /** Whether the directory held any blob's directory when opened (nothing is added to it since). */
    private final boolean holdsAny;

    private SliverFiles(Path root, boolean holdsAny) {
        this.root = root;
        this.holdsAny = holdsAny;
    }

    /** Opens the sliver directory of an earlier version, if there is one, removing temporary files it left. */
    static SliverFiles open(Path root) {
        try {
            return new SliverFiles(root, Files.isDirectory(root) && removeTemporaries(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sliver directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary files under {@code root}; returns whether it holds any blob's directory. */
    private static boolean removeTemporaries(Path root) throws IOException {
        boolean any = false;
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root)) {
            for (Path prefix : prefixes) {
                if (!Files.isDirectory(prefix)) {
                    continue;
                }
                any = true;
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
        return any;
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

    /** The sliver's bytes, or null when there is no such file. */
    byte[] get(BlobId blobId, SliverType type, int pairIndex) {
        if (!holdsAny) {
            return null;
        }
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
        if (!holdsAny) {
            return false;
        }
        return Files.isRegularFile(file(blobId, type, pairIndex));
    }

    void delete(BlobId blobId, SliverType type, int pairIndex) {
        if (!holdsAny) {
            return;
        }
        Path file = file(blobId, type, pairIndex);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes every sliver file of the blob and its directory. */
    void deleteBlob(BlobId blobId) {
        if (!holdsAny) {
            return;
        }
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
        if (!holdsAny) {
            return;
        }
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
