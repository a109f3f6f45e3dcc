package dev.walrusstream.app.stack;

import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.Ingestor;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.ProgressListener;
import dev.walrusstream.ingest.SourcePlanner;
import dev.walrusstream.ingest.Uploader;

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
}
