package dev.walrusstream.app.cli;

import dev.walrusstream.app.Main;
import dev.walrusstream.embedded.EmbeddedServices;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code walrus-stream ingest} as a user runs it, against the real broker and registry process. */
class IngestCommandIT {
    private static EmbeddedServices services;

    @BeforeAll
    static void start() {
        services = EmbeddedServices.shared();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = Main.run(o, e, args);
        o.flush();
        e.flush();
        return new Run(code, out.toString(), err.toString());
    }

    static long records(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(x -> new TopicPartition(topic, x.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void ingestsADirectoryAndPrintsOneLinePerUpload(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("photos");
        Files.createDirectories(dir.resolve("2026"));
        Files.write(dir.resolve("a.jpg"), new byte[5000]);
        Files.write(dir.resolve("2026/b.jpg"), new byte[0]);
        Files.writeString(dir.resolve("2026/c.txt"), "hello");
        Run r = run("ingest", "--bootstrap", services.bootstrapServers(), "--registry", services.registryUrl(),
                "--topic", "cli-ingest", "--create-topic", "--partitions", "2", "--chunk-size", "2KiB",
                "--dataset", "photos", "--version", "v1", "--attr", "owner=qa", "--progress", "always",
                dir.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].endsWith("\tphotos/2026/b.jpg"), lines[0]);
        assertTrue(lines[1].endsWith("\tphotos/2026/c.txt"), lines[1]);
        assertTrue(lines[2].contains("\t5000\t3\t"), lines[2]);
        assertTrue(r.err().contains("ingested 3 upload(s)"), r.err());
        assertTrue(r.err().contains("uploads 3/3"), "progress bar: " + r.err());
        assertTrue(r.err().contains("closed dataset photos version v1"), r.err());
        assertEquals(1 + 1 + 3 + 2, records("cli-ingest"), "the uploads' chunks and a close marker on each of 2 partitions");
    }

    @Test
    void keepOpenLeavesTheVersionOpenAndDatasetCloseWritesOneMarkerPerPartition(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("clip.bin");
        Files.write(f, new byte[3000]);
        Run r = run("ingest", "--bootstrap", services.bootstrapServers(), "--registry", services.registryUrl(),
                "--topic", "cli-close", "--create-topic", "--partitions", "3", "--chunk-size", "1KiB",
                "--dataset", "studio", "--version", "2026-12", "--keep-open", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, records("cli-close"), "three chunks and no marker");
        Run close = run("dataset", "close", "--bootstrap", services.bootstrapServers(), "--registry",
                services.registryUrl(), "--topic", "cli-close", "--dataset", "studio", "--version", "2026-12");
        assertEquals(0, close.exit(), close.err());
        String markerId = close.out().split("\t")[0];
        assertTrue(close.out().contains("\tstudio\t2026-12\t3 partition(s)\tcli-close"), close.out());
        assertEquals(3 + 3, records("cli-close"));

        dev.walrusstream.schemas.wire.AvroWireDeserializer<dev.walrusstream.schemas.BlobChunk> de =
                dev.walrusstream.schemas.wire.AvroWireDeserializer.specific(services.registryClient(),
                        dev.walrusstream.schemas.BlobChunk.class);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        java.util.Set<Integer> partitions = new java.util.TreeSet<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor("cli-close").stream()
                    .map(x -> new TopicPartition("cli-close", x.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            int read = 0;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (read < 6 && System.nanoTime() < deadline) {
                for (var rec : c.poll(java.time.Duration.ofMillis(200))) {
                    read++;
                    dev.walrusstream.schemas.BlobChunk chunk = de.deserialize(rec.value());
                    if (chunk.getControl() != null) {
                        assertEquals(markerId, chunk.getControl().getMarkerId());
                        assertEquals(markerId, new String(rec.key(), java.nio.charset.StandardCharsets.UTF_8));
                        assertEquals(3, chunk.getControl().getPartitions());
                        assertEquals("studio", chunk.getDataset());
                        assertEquals("2026-12", chunk.getDatasetVersion());
                        assertEquals(0, chunk.getData().remaining());
                        partitions.add(rec.partition());
                    }
                }
            }
        }
        assertEquals(java.util.Set.of(0, 1, 2), partitions, "one copy of the marker on every partition");
        Run bad = run("dataset", "close", "--bootstrap", services.bootstrapServers(), "--registry",
                services.registryUrl(), "--topic", "cli-close", "--dataset", " ", "--version", "v1");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("must not be blank"), bad.err());
    }

    @Test
    void aDownRegistryFailsLoudlyWithNonZeroExit(@TempDir Path tmp) throws Exception {
        services.kafka().createTopic("cli-noregistry", 1);
        Path f = tmp.resolve("f.bin");
        Files.write(f, new byte[100]);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + deadPort + "/apis/ccompat/v7";
        Run r = run("ingest", "--bootstrap", services.bootstrapServers(), "--registry", url,
                "--topic", "cli-noregistry", f.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: schema registry at " + url + " is unavailable"), r.err());
        assertTrue(r.err().contains("subject cli-noregistry-value"), r.err());
        assertEquals("", r.out());
        assertEquals(0, records("cli-noregistry"));
    }

    @Test
    void usageErrorsNameTheValue(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("f.bin");
        Files.write(f, new byte[1]);
        Run big = run("ingest", "--bootstrap", services.bootstrapServers(), "--registry", services.registryUrl(),
                "--chunk-size", "64MiB", f.toString());
        assertEquals(2, big.exit());
        assertTrue(big.err().contains("chunk size must be 1.0 KiB to 8.0 MiB, got 67108864 bytes"), big.err());
        Run half = run("ingest", "--bootstrap", services.bootstrapServers(), "--registry", services.registryUrl(),
                "--dataset", "x", f.toString());
        assertEquals(2, half.exit());
        assertTrue(half.err().contains("--dataset and --version go together"), half.err());
        Run missing = run("ingest", "--bootstrap", services.bootstrapServers(), "--registry",
                services.registryUrl(), tmp.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope"), missing.err());
        Run noTopic = run("ingest", "--bootstrap", services.bootstrapServers(), "--registry",
                services.registryUrl(), "--topic", "cli-missing-topic", f.toString());
        assertEquals(1, noTopic.exit());
        assertTrue(noTopic.err().contains("topic cli-missing-topic does not exist"), noTopic.err());
    }

    @Test
    void addressesComeFromTheJobConfigurationFile(@TempDir Path tmp) throws Exception {
        services.kafka().createTopic("cli-config", 1);
        Path f = tmp.resolve("f.bin");
        Files.write(f, new byte[3000]);
        Path config = tmp.resolve("job.properties");
        Files.writeString(config, "kafka.bootstrap=" + services.bootstrapServers() + "\nregistry.url="
                + services.registryUrl() + "\ntopic.chunks=cli-config\nparallelism=2\n");
        Run r = run("ingest", "--config", config.toString(), "--chunk-size", "1KiB", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, records("cli-config"));
        Path partial = tmp.resolve("partial.properties");
        Files.writeString(partial, "kafka.bootstrap=" + services.bootstrapServers() + "\n");
        Run missing = run("ingest", "--config", partial.toString(), f.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing --registry (or --config FILE with registry.url; " + partial
                + " has none)"), missing.err());
        Run none = run("ingest", f.toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("Missing --bootstrap (or --config FILE with kafka.bootstrap)"), none.err());
    }
}
