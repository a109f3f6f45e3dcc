package dev.walrusstream.app.cli;

import dev.walrusstream.embedded.EmbeddedServices;
import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code walrus-stream ingest -} in its own JVM, killed with SIGKILL in the middle of an upload: the chunks that
 * reached the broker are there, in order, and none of them is the last one, so the job sees an incomplete upload.
 */
class CrashMidUploadIT {
    private static EmbeddedServices services;

    @BeforeAll
    static void start() {
        services = EmbeddedServices.shared();
    }

    @Test
    void aKilledIngestLeavesAnUploadWithoutItsLastChunk() throws Exception {
        String topic = "cli-crash";
        services.kafka().createTopic(topic, 1);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.walrusstream.app.Main", "ingest",
                "--bootstrap", services.bootstrapServers(), "--registry", services.registryUrl(), "--topic", topic,
                "--chunk-size", "1KiB", "--name", "half.bin", "-");
        Process ingest = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            OutputStream stdin = ingest.getOutputStream();
            // chunks 0..3 go out; chunk 4 is the read-ahead, waiting for bytes that never come
            stdin.write(new byte[5 * 1024 + 100]);
            stdin.flush();
            List<BlobChunk> chunks = awaitChunks(topic, 4, Duration.ofSeconds(60));
            assertEquals(4, chunks.size());
            ingest.destroyForcibly(); // SIGKILL mid-upload
            assertTrue(ingest.waitFor(10, TimeUnit.SECONDS));

            Thread.sleep(500);
            List<BlobChunk> after = awaitChunks(topic, 4, Duration.ofSeconds(10));
            assertEquals(chunks.size(), after.size(), "nothing arrives after the kill");
            for (int i = 0; i < after.size(); i++) {
                BlobChunk c = after.get(i);
                assertEquals(i, c.getSequence());
                assertEquals(1024L * i, c.getOffset());
                assertFalse(c.getLast(), "chunk " + i + " must not be last");
                assertEquals(null, c.getSha256());
                assertEquals("half.bin", c.getSourceName());
            }
            assertEquals(1, after.stream().map(BlobChunk::getUploadId).distinct().count());
        } finally {
            ingest.destroyForcibly();
        }
    }

    /** Reads the topic until at least {@code min} chunks are there (or the time is up), returns all of them. */
    private static List<BlobChunk> awaitChunks(String topic, int min, Duration timeout) {
        AvroWireDeserializer<BlobChunk> de = AvroWireDeserializer.specific(
                SchemaRegistryClient.of(services.registryUrl()), BlobChunk.class);
        Properties p = new Properties();
        p.put("bootstrap.servers", services.bootstrapServers());
        List<BlobChunk> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && (out.size() < min || c.position(tp) < c.endOffsets(List.of(tp))
                    .get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(de.deserialize(r.value()));
                }
            }
        }
        return out;
    }
}
