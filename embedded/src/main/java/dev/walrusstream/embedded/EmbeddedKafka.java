package dev.walrusstream.embedded;

import dev.walrusstream.embedded.internal.Dirs;
import dev.walrusstream.embedded.process.FreePorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in this JVM: one KRaft node that is both broker and controller, listening on loopback
 * ports, with replication factors of 1 and no topic auto-creation. Same code as a production broker
 * ({@code kafka_2.13}, the version of kafka-clients). Start it, use {@link #bootstrapServers()}, close it.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** The Kafka feature that selects the transaction protocol (KIP-890 made version 2 the default in 4.x). */
    public static final String TRANSACTION_VERSION = "transaction.version";
    /**
     * The transaction protocol the job's exactly-once Kafka sinks can recover: flink-connector-kafka
     * 5.0.0 resumes pre-committed transactions with their checkpointed epoch, which version 2 bumps.
     */
    public static final short EXACTLY_ONCE_TRANSACTION_VERSION = 1;

    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Path dataDir;
    private final boolean deleteDataDir;
    private final long startupMillis;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap, Path dataDir, boolean deleteDataDir,
                          long startupMillis) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.dataDir = dataDir;
        this.deleteDataDir = deleteDataDir;
        this.startupMillis = startupMillis;
        this.shutdownHook = new Thread(this::stopServer, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static EmbeddedKafka start() {
        return start(KafkaSettings.defaults());
    }

    public static EmbeddedKafka start(KafkaSettings settings) {
        boolean temp = settings.dataDir() == null;
        Path dir;
        try {
            dir = temp ? Files.createTempDirectory("walrus-kafka-") : Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory", e);
        }
        int attempts = settings.brokerPort() == 0 ? 3 : 1;
        try {
            RuntimeException last = null;
            for (int i = 0; i < attempts; i++) {
                int[] ports = FreePorts.find(2);
                int brokerPort = settings.brokerPort() != 0 ? settings.brokerPort() : ports[0];
                int controllerPort = ports[1];
                try {
                    return launch(settings, dir, temp, brokerPort, controllerPort);
                } catch (RuntimeException e) {
                    last = e;
                    if (!isBindFailure(e)) {
                        break;
                    }
                }
            }
            throw last;
        } catch (RuntimeException | Error e) {
            if (temp) {
                Dirs.deleteQuietly(dir);
            }
            throw e;
        }
    }

    private static EmbeddedKafka launch(KafkaSettings settings, Path dir, boolean temp, int brokerPort,
                                        int controllerPort) {
        Properties props = brokerProperties(settings, dir, brokerPort, controllerPort);
        long t0 = System.nanoTime();
        try {
            format(dir, props);
        } catch (Exception e) {
            throw new EmbeddedStartException("cannot format the Kafka data directory " + dir + ": " + e.getMessage(),
                    e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        String bootstrap = "127.0.0.1:" + brokerPort;
        try {
            server.startup();
            waitReady(bootstrap, settings.startTimeout());
            pinTransactionVersion(bootstrap);
        } catch (RuntimeException e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException ignored) {
                // already failing
            }
            throw new EmbeddedStartException("the embedded Kafka broker did not start on " + bootstrap
                    + " (controller port " + controllerPort + ", data " + dir + "): " + e.getMessage(), e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new EmbeddedKafka(server, bootstrap, dir, temp, millis);
    }

    static Properties brokerProperties(KafkaSettings settings, Path dir, int brokerPort, int controllerPort) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("metadata.log.dir", dir.resolve("metadata").toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Integer.toString(settings.messageMaxBytes()));
        p.put("replica.fetch.max.bytes", Integer.toString(settings.messageMaxBytes()));
        // a small machine: few threads
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.putAll(settings.extraConfig());
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private static void format(Path dir, Properties props) throws Exception {
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setClusterId(existingClusterId(dir).orElseGet(() -> Uuid.randomUuid().toString()))
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dir.resolve("metadata").toString())
                .addDirectory(dir.resolve("metadata").toString())
                .addDirectory(dir.resolve("logs").toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setFeatureLevel(TRANSACTION_VERSION, EXACTLY_ONCE_TRANSACTION_VERSION)
                .setIgnoreFormatted(true) // a persistent data directory keeps its cluster id
                .run();
    }

    /**
     * Pins {@code transaction.version} to 1 on a data directory formatted before it was set at format
     * time (a fresh directory already has it). flink-connector-kafka 5.0.0 recovers a pre-committed
     * transaction by resuming it with the checkpointed producer id and epoch. Under transaction version
     * 2 (KIP-890) every commit bumps the epoch, so a transaction committed just before a crash is
     * re-committed as "fenced"; and the resumed producer upgrades itself to version 2 at commit time,
     * queueing an epoch-bumping InitProducerId that can abort the transaction it is committing, losing
     * the job's receipts. See {@code KafkaTransactionRecoveryIT}.
     */
    private static void pinTransactionVersion(String bootstrap) {
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
            org.apache.kafka.clients.admin.FinalizedVersionRange finalized = admin.describeFeatures().featureMetadata()
                    .get(30, TimeUnit.SECONDS).finalizedFeatures().get(TRANSACTION_VERSION);
            if (finalized == null || finalized.maxVersionLevel() <= EXACTLY_ONCE_TRANSACTION_VERSION) {
                return;
            }
            admin.updateFeatures(Map.of(TRANSACTION_VERSION, new org.apache.kafka.clients.admin.FeatureUpdate(
                            EXACTLY_ONCE_TRANSACTION_VERSION, org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                    new org.apache.kafka.clients.admin.UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new EmbeddedStartException("cannot pin " + TRANSACTION_VERSION + " to " + EXACTLY_ONCE_TRANSACTION_VERSION
                    + " on " + bootstrap + " (the Flink Kafka sinks cannot recover transactions under version 2): "
                    + e.getMessage(), e);
        }
    }

    /** The cluster id a persistent data directory was formatted with (a restart must keep it). */
    private static java.util.Optional<String> existingClusterId(Path dir) throws java.io.IOException {
        Path meta = dir.resolve("metadata").resolve("meta.properties");
        if (!java.nio.file.Files.isRegularFile(meta)) {
            return java.util.Optional.empty();
        }
        Properties p = new Properties();
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(meta)) {
            p.load(r);
        }
        return java.util.Optional.ofNullable(p.getProperty("cluster.id"));
    }

    private static void waitReady(String bootstrap, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new EmbeddedStartException("broker not ready after " + timeout.toSeconds() + " s", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new EmbeddedStartException("broker has no nodes after " + timeout.toSeconds() + " s", null);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStartException("interrupted while waiting for the broker", e);
        }
    }

    private static Properties adminProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** An admin client for this broker (close it). */
    public Admin admin() {
        return Admin.create(adminProps(bootstrap));
    }

    /** Creates topics (1 replica each); existing topics are left as they are. */
    public void createTopics(List<TopicSpec> topics) {
        try (Admin admin = admin()) {
            for (TopicSpec t : topics) {
                NewTopic nt = new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config());
                try {
                    admin.createTopics(List.of(nt)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + " on " + bootstrap
                                + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating topics on " + bootstrap + " timed out", e);
        }
    }

    /** Creates one topic with {@code partitions} partitions. */
    public void createTopic(String name, int partitions) {
        createTopics(List.of(TopicSpec.of(name, partitions)));
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Milliseconds from formatting the data directory to the broker answering a metadata request. */
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopServer();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
        if (deleteDataDir) {
            Dirs.deleteQuietly(dataDir);
        }
    }

    private synchronized void stopServer() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // best effort: it may be half down already
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
