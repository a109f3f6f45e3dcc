package dev.walrusstream.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a whole input: a file path, or {@code -} for standard input. */
public final class InputFiles {
    private InputFiles() {
    }

    public static byte[] readAll(String path, InputStream stdin) throws IOException {
        if (path.equals("-")) {
            return stdin.readAllBytes();
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            throw new IOException(path + " is a directory, expected a file");
        }
        long size;
        try {
            size = Files.size(p);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + path);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException(path + " has " + size + " bytes; a single blob read into memory is limited to 2 GiB");
        }
        return Files.readAllBytes(p);
    }

    public static String displayName(String path) {
        return path.equals("-") ? "<stdin>" : path;
    }
}
