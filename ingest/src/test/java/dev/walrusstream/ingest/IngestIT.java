package dev.walrusstream.ingest;

import dev.walrusstream.embedded.EmbeddedServices;
import dev.walrusstream.schemas.Attributes;
import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.WalrusSchemas;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.RegistryUnavailableException;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files of mixed sizes, a directory tree, a WebDataset shard, a Parquet file and a stream, through the real
 * broker and the real registry process, read back with a plain consumer and reassembled byte for byte.
 */
class IngestIT {
    private static final int CHUNK = 4096;
    private static EmbeddedServices services;

    @BeforeAll
    static void start() {
        services = EmbeddedServices.shared();
    }

    @Test
    void filesTreesShardsAndStreamsArriveIntact(@TempDir Path tmp) throws Exception {
        String topic = "ingest-it-files";
        services.kafka().createTopic(topic, 3);
        Random rnd = new Random(42);
        Map<String, byte[]> expected = new LinkedHashMap<>();
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("nested/deeper"));
        int[] sizes = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 7 * CHUNK / 2, 200_000};
        for (int i = 0; i < sizes.length; i++) {
            byte[] b = new byte[sizes[i]];
            rnd.nextBytes(b);
            String rel = (i % 3 == 0 ? "" : i % 3 == 1 ? "nested/" : "nested/deeper/") + "file-" + i + ".bin";
            Files.write(tree.resolve(rel), b);
            expected.put("tree/" + rel, b);
        }
        Path shard = tmp.resolve("train-000.tar");
        Files.copy(Path.of(getClass().getResource("/webdataset/shard-gnu.tar").toURI()), shard);
        expected.put("train-000.tar", Files.readAllBytes(shard));
        Path parquet = tmp.resolve("rows.parquet");
        Files.copy(Path.of(getClass().getResource("/parquet/rows-1234.parquet").toURI()), parquet);
        expected.put("rows.parquet", Files.readAllBytes(parquet));
        byte[] piped = new byte[3 * CHUNK + 5];
        rnd.nextBytes(piped);
        expected.put("piped.bin", piped);

        IngestSettings settings = IngestSettings.builder().topic(topic).chunkSize(CHUNK)
                .dataset("it-dataset", "v3").attribute("origin", "IngestIT").build();
        List<String> warnings = new ArrayList<>();
        List<UploadSource> sources = new SourcePlanner(warnings::add).plan(
                List.of(tree.toString(), shard.toString(), parquet.toString(), "-"),
                new ByteArrayInputStream(piped), "piped.bin", "application/octet-stream");
        assertTrue(warnings.isEmpty(), warnings.toString());

        IngestReport report;
        SchemaRegistryClient registry = services.registryClient();
        try (KafkaChunkSink sink = KafkaChunkSink.create(services.bootstrapServers(), registry, settings)) {
            report = new Ingestor(new Uploader(sink, settings), ProgressListener.NONE).ingest(sources);
        }
        assertEquals(expected.size(), report.uploads().size());
        assertEquals(expected.values().stream().mapToLong(b -> b.length).sum(), report.bytes());

        Map<String, ChunkTopicReader.Upload> read = ChunkTopicReader.bySourceName(
                ChunkTopicReader.readAll(services.bootstrapServers(), services.registryUrl(), topic));
        assertEquals(expected.keySet(), read.keySet());
        int registeredId = registry.lookup(topic + "-value", WalrusSchemas.blobChunk()).orElseThrow().id();
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            ChunkTopicReader.Upload u = read.get(e.getKey());
            ChunkTopicReader.assertCompleteAndIntact(u);
            ChunkTopicReader.assertSameBytes(e.getValue(), u);
            assertTrue(u.schemaIds().stream().allMatch(id -> id == registeredId), "schema ids " + u.schemaIds());
            BlobChunk first = u.chunks().get(0);
            assertEquals("it-dataset", first.getDataset());
            assertEquals("v3", first.getDatasetVersion());
            assertEquals("IngestIT", first.getAttributes().get("origin"));
            assertEquals(Math.max(1, (e.getValue().length + CHUNK - 1) / CHUNK), u.chunks().size());
        }
        // results name the same uploads, partitions and offsets the consumer saw
        for (UploadResult r : report.uploads()) {
            ChunkTopicReader.Upload u = read.get(r.sourceName());
            assertEquals(u.uploadId(), r.uploadId());
            assertEquals(u.partition(), r.partition());
            assertEquals(r.chunks(), u.chunks().size());
        }

        Map<String, String> tar = read.get("train-000.tar").last().getAttributes();
        assertEquals("webdataset", tar.get(Attributes.FORMAT));
        assertEquals("5", tar.get(Attributes.SAMPLES));
        assertEquals("train-000.tar", tar.get(Attributes.NAME));
        assertEquals("application/x-tar", read.get("train-000.tar").last().getContentType());
        Map<String, String> pq = read.get("rows.parquet").last().getAttributes();
        assertEquals("parquet", pq.get(Attributes.FORMAT));
        assertEquals("1234", pq.get(Attributes.SAMPLES));
        assertEquals("application/vnd.apache.parquet", read.get("rows.parquet").last().getContentType());
        assertEquals("file-0.bin", read.get("tree/file-0.bin").last().getAttributes().get(Attributes.NAME));
        assertEquals(0L, read.get("tree/file-0.bin").last().getTotalSize());
        assertEquals(1, read.get("tree/file-0.bin").chunks().size());
        // standard input: the size is only known on the last chunk
        assertEquals(null, read.get("piped.bin").chunks().get(0).getTotalSize());
    }

    @Test
    void aDownRegistryFailsBeforeAnythingIsProduced() throws Exception {
        String topic = "ingest-it-noregistry";
        services.kafka().createTopic(topic, 1);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + deadPort + "/apis/ccompat/v7";
        SchemaRegistryClient dead = new SchemaRegistryClient(RegistryClientConfig.of(url).withAttempts(2)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        IngestSettings settings = IngestSettings.builder().topic(topic).build();
        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> KafkaChunkSink.create(services.bootstrapServers(), dead, settings));
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains(topic + "-value"), e.getMessage());
        assertEquals(0, ChunkTopicReader.recordCount(services.bootstrapServers(), topic));
    }

    @Test
    void topicChecksNameTheProblem() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> TopicCheck.verify(services.bootstrapServers(), "no-such-topic", CHUNK, 0));
        assertTrue(missing.getMessage().contains("no-such-topic") && missing.getMessage().contains("--create-topic"),
                missing.getMessage());
        TopicCheck.verify(services.bootstrapServers(), "created-by-check", CHUNK, 2);
        TopicCheck.verify(services.bootstrapServers(), "created-by-check", CHUNK, 0);

        services.kafka().createTopics(List.of(new dev.walrusstream.embedded.TopicSpec("small-records", 1,
                Map.of("max.message.bytes", "100000"))));
        IllegalStateException small = assertThrows(IllegalStateException.class,
                () -> TopicCheck.verify(services.bootstrapServers(), "small-records", 512 * 1024, 0));
        assertTrue(small.getMessage().contains("100000") && small.getMessage().contains("--chunk-size"),
                small.getMessage());
    }
}
