package dev.walrusstream.ingest;

import dev.walrusstream.schemas.Attributes;
import dev.walrusstream.ingest.format.FormatRecognizer;
import dev.walrusstream.ingest.format.Recognition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Expands command-line paths into uploads, one per regular file, in a deterministic order: arguments in the given
 * order; inside a directory, every regular file below it (symbolic links to files followed, to directories not)
 * sorted by relative path. A file's source name is its path relative to the argument's parent ({@code ingest
 * data/} names {@code data/a/b.txt}); a file argument is named by its file name. {@code -} is standard input,
 * one upload. Files are recognised ({@code .tar}, {@code .parquet}) here, before anything is produced.
 */
public final class SourcePlanner {
    public static final String STDIN = "-";
    private final Consumer<String> warnings;

    /** @param warnings told about files that looked like a known format but are not */
    public SourcePlanner(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * @param stdin          standard input (for {@code -})
     * @param stdinName      source name for standard input
     * @param stdinType      content type for standard input
     * @throws IOException a path does not exist or cannot be listed (named in the message)
     */
    public List<UploadSource> plan(List<String> args, InputStream stdin, String stdinName, String stdinType)
            throws IOException {
        List<UploadSource> out = new ArrayList<>();
        boolean stdinUsed = false;
        for (String arg : args) {
            if (arg.equals(STDIN)) {
                if (stdinUsed) {
                    throw new IllegalArgumentException("- (standard input) given more than once");
                }
                stdinUsed = true;
                out.add(StreamUpload.of(stdin, stdinName, stdinType, Map.of(Attributes.NAME, stdinName),
                        OptionalLong.empty()));
                continue;
            }
            Path p = Path.of(arg);
            if (!Files.exists(p)) {
                throw new NoSuchFileException(arg, null, "no such file or directory");
            }
            if (Files.isDirectory(p)) {
                Path parent = p.toAbsolutePath().normalize().getParent();
                for (Path f : filesUnder(p)) {
                    Path abs = f.toAbsolutePath().normalize();
                    String name = (parent == null ? abs : parent.relativize(abs)).toString()
                            .replace(java.io.File.separatorChar, '/');
                    out.add(file(f, name));
                }
            } else if (Files.isRegularFile(p)) {
                out.add(file(p, p.getFileName().toString()));
            } else {
                throw new IOException(arg + " is neither a regular file nor a directory");
            }
        }
        return out;
    }

    private FileUpload file(Path f, String sourceName) throws IOException {
        Recognition r = FormatRecognizer.recognize(f);
        r.warning().ifPresent(warnings);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(Attributes.NAME, f.getFileName().toString());
        attrs.putAll(r.attributes());
        return new FileUpload(f, sourceName, r.contentType(), attrs, Files.size(f));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path f) -> root.relativize(f.toAbsolutePath().normalize())
                            .toString().replace(java.io.File.separatorChar, '/')))
                    .toList();
        } catch (UncheckedIOException e) {
            throw new IOException("cannot list " + dir + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
