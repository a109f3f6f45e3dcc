package dev.walrusstream.jobdist;

import dev.walrusstream.testsupport.WorkDirs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.app.Main;
import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment's containers, for machines with a Docker engine (skipped cleanly without one, as on
 * the machine this was written on and in CI): Kafka and the schema registry images carrying what
 * {@code walrus-stream ingest} produces; a storage network of our image (chain and nodes, reached by
 * container name) storing and reading a blob even with a node stopped; and {@code docker-compose.yml}
 * itself, from {@code up} to a certified upload read back identical.
 *
 * <p>{@code -Dwalrus.image=NAME} uses a prebuilt image of the repository's Dockerfile (target
 * {@code walrus-stream}) instead of building it here.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersIT {
    static final String KAFKA_IMAGE = "apache/kafka:4.2.0";
    static final String REGISTRY_IMAGE = "apicurio/apicurio-registry:3.3.0";
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void kafkaAndRegistryContainersCarryIngestedChunks() throws Exception {
        try (Network network = Network.newNetwork();
             KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withNetworkAliases("kafka");
             GenericContainer<?> registry = registry(network)) {
            kafka.start();
            registry.start();
            String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/ccompat/v7";
            Path file = WorkDirs.create("containers-it").resolve("clip.bin");
            byte[] data = new byte[300_000];
            new Random(7).nextBytes(data);
            Files.write(file, data);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), "ingest", "--bootstrap",
                    kafka.getBootstrapServers(), "--registry", registryUrl, "--create-topic", "--chunk-size", "64KiB",
                    "--progress", "never", file.toString());
            assertEquals(0, code, err.toString());

            AvroWireDeserializer<BlobChunk> chunks = AvroWireDeserializer.specific(SchemaRegistryClient.of(registryUrl),
                    BlobChunk.class);
            List<BlobChunk> read = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "containers-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of("walrus.chunks"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (read.size() < 5 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        read.add(chunks.deserialize(r.value()));
                    }
                }
            }
            read.sort(Comparator.comparingLong(BlobChunk::getSequence));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            read.forEach(c -> back.writeBytes(bytes(c.getData())));
            assertEquals(5, read.size(), "300 000 bytes in 64 KiB chunks");
            assertTrue(read.get(4).getLast());
            assertArrayEquals(data, back.toByteArray());
        }
    }

    @Test
    void nodeImagesFormAStorageNetworkThatToleratesAStoppedNode() throws Exception {
        Path net = WorkDirs.create("containers-it-net");
        Files.setPosixFilePermissions(net, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        String image = walrusImage();
        try (Network network = Network.newNetwork()) {
            try (GenericContainer<?> init = walrus(image, network, net).withStartupCheckStrategy(
                    new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))
                    .withCommand("net", "init", "--dir", "/net", "--nodes", "4", "--shards", "10", "--bind", "0.0.0.0",
                            "--chain-host", "chain", "--node-host", "node-{i}", "--base-port", "9100")) {
                init.start();
            }
            List<GenericContainer<?>> running = new ArrayList<>();
            try {
                running.add(walrus(image, network, net).withNetworkAliases("chain").withCommand("chain", "--dir", "/net")
                        .waitingFor(Wait.forLogMessage(".*Running until Ctrl-C.*", 1)));
                for (int i = 0; i < 4; i++) {
                    running.add(walrus(image, network, net).withNetworkAliases("node-" + i)
                            .withCommand("node", "--config", "/net/nodes/node-" + i + "/node.json")
                            .waitingFor(Wait.forLogMessage(".*Running until Ctrl-C.*", 1)));
                }
                running.forEach(GenericContainer::start);
                byte[] data = new byte[500_000];
                new Random(11).nextBytes(data);
                Files.write(net.resolve("in.bin"), data);

                GenericContainer<?> cli = running.get(1);
                Container.ExecResult store = cli.execInContainer("walrus-stream", "store", "--config", "/net/client.json",
                        "--epochs", "2", "--permanent", "--json", "/net/in.bin");
                assertEquals(0, store.getExitCode(), store.getStderr());
                String blobId = new ObjectMapper().readTree(store.getStdout()).get(0).path("blobStoreResult")
                        .path("newlyCreated").path("blobObject").path("blobId").asText();
                assertTrue(!blobId.isEmpty(), store.getStdout());

                running.get(4).stop(); // node-3: 2 of 10 shards; the other 8 are a quorum
                Container.ExecResult read = cli.execInContainer("walrus-stream", "read", "--config", "/net/client.json",
                        blobId, "--out", "/net/out.bin");
                assertEquals(0, read.getExitCode(), read.getStderr());
                assertArrayEquals(data, Files.readAllBytes(net.resolve("out.bin")));
                Files.write(net.resolve("more.bin"), new byte[40_000]);
                Container.ExecResult more = cli.execInContainer("walrus-stream", "store", "--config", "/net/client.json",
                        "--epochs", "2", "/net/more.bin");
                assertEquals(0, more.getExitCode(), "a store with one node stopped: " + more.getStderr());
            } finally {
                running.forEach(GenericContainer::stop);
            }
        }
    }

    @Test
    void composeFileRunsThePipelineFromUpToACertifiedUploadReadBack() throws Exception {
        try (ComposeContainer compose = new ComposeContainer(REPO.resolve("docker-compose.yml").toFile())
                .withBuild(true)
                .withExposedService("jobmanager", 8081, Wait.forHttp("/overview").forStatusCode(200))
                .waitingFor("job-submit", Wait.forLogMessage(".*(is RUNNING|is already RUNNING).*", 1)
                        .withStartupTimeout(Duration.ofMinutes(10)))
                .withStartupTimeout(Duration.ofMinutes(15))
                .withRemoveVolumes(true)) {
            compose.start();
            ContainerState node = compose.getContainerByServiceName("node-0").orElseThrow();
            byte[] data = new byte[2_000_000];
            new Random(3).nextBytes(data);
            Path file = WorkDirs.create("containers-it-compose").resolve("footage.bin");
            Files.write(file, data);
            node.copyFileToContainer(MountableFile.forHostPath(file), "/tmp/footage.bin");
            String[] addresses = {"--bootstrap", "kafka:9092", "--registry", "http://registry:8080/apis/ccompat/v7"};
            Container.ExecResult ingest = node.execInContainer(concat(new String[]{"walrus-stream", "ingest", "--json",
                    "--progress", "never"}, addresses, new String[]{"/tmp/footage.bin"}));
            assertEquals(0, ingest.getExitCode(), ingest.getStderr());
            String uploadId = new ObjectMapper().readTree(ingest.getStdout().lines().filter(l -> l.startsWith("{"))
                    .findFirst().orElseThrow()).path("uploadId").asText();
            Container.ExecResult receipts = node.execInContainer(concat(new String[]{"walrus-stream", "receipts"},
                    addresses, new String[]{"--upload", uploadId, "--wait", "300"}));
            assertEquals(0, receipts.getExitCode(), receipts.getStderr());
            JsonNode receipt = new ObjectMapper().readTree(receipts.getStdout().lines().findFirst().orElseThrow());
            assertEquals("NEWLY_CREATED", receipt.path("status").asText(), receipts.getStdout());
            Container.ExecResult read = node.execInContainer("walrus-stream", "read", "--config", "/net/client.json",
                    receipt.path("blobId").asText(), "--out", "/tmp/back.bin");
            assertEquals(0, read.getExitCode(), read.getStderr());
            Container.ExecResult same = node.execInContainer("cmp", "/tmp/footage.bin", "/tmp/back.bin");
            assertEquals(0, same.getExitCode(), "read back differs: " + same.getStdout());
        }
    }

    private static GenericContainer<?> registry(Network network) {
        return new GenericContainer<>(REGISTRY_IMAGE).withNetwork(network).withNetworkAliases("registry")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forPort(8080).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(2)));
    }

    private static GenericContainer<?> walrus(String image, Network network, Path net) {
        return new GenericContainer<>(image).withNetwork(network)
                .withFileSystemBind(net.toString(), "/net", BindMode.READ_WRITE)
                .withEnv("WALRUS_STREAM_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC");
    }

    /** A prebuilt image ({@code -Dwalrus.image}), or the repository's Dockerfile built now (target walrus-stream). */
    private static String walrusImage() throws Exception {
        String given = System.getProperty("walrus.image");
        if (given != null && !given.isBlank()) {
            return given;
        }
        Future<String> built = new ImageFromDockerfile("walrus-stream-it", false)
                .withDockerfile(REPO.resolve("Dockerfile"))
                .withTarget("walrus-stream");
        return built.get();
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(new String[0]);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
