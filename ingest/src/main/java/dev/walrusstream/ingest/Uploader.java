package dev.walrusstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Turns one {@link UploadSource} into chunks on a {@link ChunkSink}. Plain service: no Kafka types, no threads of
 * its own; thread-safe (the HTTP publisher calls it from several request threads).
 *
 * <p>The contract with the job: an upload is complete only when its last chunk ({@code last = true}, with
 * {@code totalSize} and {@code sha256}) arrived. The last chunk is not sent if reading failed, the source changed
 * size, or the broker already refused an earlier chunk of the upload; a crash at any point leaves an upload
 * without its last chunk.
 */
public final class Uploader {
    private final ChunkSink sink;
    private final IngestSettings settings;
    private final Supplier<String> ids;
    private final Chunker chunker;

    public Uploader(ChunkSink sink, IngestSettings settings) {
        this(sink, settings, UploadIds::next);
    }

    public Uploader(ChunkSink sink, IngestSettings settings, Supplier<String> ids) {
        this.sink = sink;
        this.settings = settings;
        this.ids = ids;
        this.chunker = new Chunker(settings.chunkSize());
    }

    public IngestSettings settings() {
        return settings;
    }

    public ChunkSink sink() {
        return sink;
    }

    /**
     * Reads and sends the whole source. Returns once every chunk was handed to the sink; the future completes
     * when the broker acknowledged all of them (or fails with the first refusal).
     *
     * @param progress told the size of each chunk handed to the sink
     * @throws IOException reading failed, the source changed, or sending failed: the upload is incomplete
     */
    public CompletableFuture<UploadResult> upload(UploadSource source, LongConsumer progress) throws IOException {
        return upload(ids.get(), source, null, progress);
    }

    /**
     * As {@link #upload(UploadSource, LongConsumer)} with an id chosen by the caller (unique per upload) and,
     * when not null, a dataset other than the settings' one.
     */
    public CompletableFuture<UploadResult> upload(String uploadId, UploadSource source, DatasetRef dataset,
                                                  LongConsumer progress) throws IOException {
        Map<String, String> attributes = new LinkedHashMap<>(settings.attributes());
        attributes.putAll(source.attributes());
        UploadMetadata meta = new UploadMetadata(source.sourceName(), source.contentType(),
                dataset != null ? dataset.name() : settings.dataset(),
                dataset != null ? dataset.version() : settings.datasetVersion(), attributes);
        List<CompletableFuture<ChunkAck>> acks = new ArrayList<>();
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Chunker.Totals totals;
        try (InputStream in = source.open()) {
            totals = chunker.chunk(uploadId, in, meta, source.size(), chunk -> {
                Throwable earlier = refused.get();
                if (earlier != null) {
                    throw new UploadAbortedException("upload " + uploadId + " (" + source.sourceName()
                            + ") stopped before chunk " + chunk.getSequence() + ": " + earlier.getMessage(), earlier);
                }
                CompletableFuture<ChunkAck> ack = sink.send(chunk);
                ack.whenComplete((a, e) -> {
                    if (e != null) {
                        refused.compareAndSet(null, e);
                    }
                });
                acks.add(ack);
            }, progress);
        } catch (IOException e) {
            if (e instanceof UploadAbortedException) {
                throw e;
            }
            throw new UploadAbortedException("upload " + uploadId + " (" + source.sourceName() + ") is incomplete: "
                    + e.getMessage(), e);
        }
        long size = totals.size();
        long chunks = totals.chunks();
        String sha = HexFormat.of().formatHex(totals.sha256());
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ChunkAck first = acks.get(0).join();
            ChunkAck last = acks.get(acks.size() - 1).join();
            return new UploadResult(uploadId, source.sourceName(), source.contentType(), size, chunks, sha,
                    attributes, first.topic(), first.partition(), first.offset(), last.offset());
        });
    }
}
