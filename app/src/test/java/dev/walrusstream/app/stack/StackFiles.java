package dev.walrusstream.app.stack;

import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.Ingestor;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.ProgressListener;
import dev.walrusstream.ingest.SourcePlanner;
import dev.walrusstream.ingest.Uploader;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** What the pipeline ITs feed an embedded stack: random files, ingested through the real producer. */
public final class StackFiles {
    private StackFiles() {
    }

    /** Ingests {@code paths} into the stack's chunk topic in chunks of {@code chunkSize} bytes. */
    public static IngestReport ingest(EmbeddedStack stack, List<String> paths, int chunkSize) throws Exception {
        IngestSettings settings = IngestSettings.builder().chunkSize(chunkSize).build();
        try (KafkaChunkSink sink = KafkaChunkSink.create(stack.services().bootstrapServers(),
                stack.services().registryClient(), settings)) {
            return new Ingestor(new Uploader(sink, settings), ProgressListener.NONE)
                    .ingest(new SourcePlanner(w -> { }).plan(paths, System.in, "stdin", null));
        }
    }

    /** Writes {@code size} random bytes to {@code file}. */
    public static Path write(Path file, Random random, int size) throws Exception {
        byte[] data = new byte[size];
        random.nextBytes(data);
        Files.write(file, data);
        return file;
    }

    /**
     * The stack options the pipeline ITs share: segments of 1 MiB and quilts below 64 KiB, so a few MB of
     * files make several blobs and quilts.
     */
    public static StackOptions smallSegments(Path dir) {
        return StackOptions.defaults(dir).withJob("segment.size", "1MiB").withJob("quilt.threshold", "64KiB");
    }

    /** Starts an embedded stack that prints nothing. */
    public static EmbeddedStack startQuiet(StackOptions options) throws Exception {
        return EmbeddedStack.start(options, new PrintStream(new ByteArrayOutputStream()));
    }

    /**
     * Writes {@code large} files {@code large-i.bin} of {@code largeMin} plus up to {@code largeSpread} random
     * bytes and {@code small} files {@code small-i.json} of 1 to {@code smallMax} bytes into {@code dir}.
     */
    public static Path writeMix(Path dir, Random random, int large, int largeMin, int largeSpread, int small,
                                int smallMax) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < large; i++) {
            write(dir.resolve("large-" + i + ".bin"), random, largeMin + random.nextInt(largeSpread));
        }
        for (int i = 0; i < small; i++) {
            write(dir.resolve("small-" + i + ".json"), random, 1 + random.nextInt(smallMax));
        }
        return dir;
    }
}
