package dev.walrusstream.deploy.local;

import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.embedded.process.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker as its own process: one KRaft node that is broker and controller ({@code kafka.Kafka}),
 * from a class path of its own (the {@code runtime-kafka} module resolves it from Maven Central), on two
 * free loopback ports, data under {@code WORKDIR/data}. The storage is formatted on first start; a
 * restart with the same work directory keeps the topics and records.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    /** Room for 8 MiB chunks plus headers, as the embedded broker allows. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    private final Path workDir;
    private final List<String> classpath;
    private final int brokerPort;
    private final int controllerPort;
    private ChildJvm jvm;

    private KafkaBrokerProcess(Path workDir, List<String> classpath, int brokerPort, int controllerPort) {
        this.workDir = workDir;
        this.classpath = classpath;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Formats (first time) and starts a broker; returns once it answers an admin request. */
    public static KafkaBrokerProcess start(List<String> classpath, Path workDir, Duration timeout) {
        int[] ports = FreePorts.find(2);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(workDir, classpath, ports[0], ports[1]);
        try {
            broker.writeConfig();
            broker.format(timeout);
            broker.launch(timeout);
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public ChildJvm process() {
        return jvm;
    }

    private Path config() {
        return workDir.resolve("server.properties");
    }

    private void writeConfig() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", workDir.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("log.cleaner.threads", "1");
        try {
            Files.createDirectories(workDir);
            try (var out = Files.newBufferedWriter(config())) {
                p.store(out, "Kafka broker of a local Walrus Stream deployment");
            }
            Files.writeString(workDir.resolve("log4j2.properties"), String.join("\n",
                    "status = warn",
                    "appender.console.type = Console",
                    "appender.console.name = console",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n",
                    "rootLogger.level = warn",
                    "rootLogger.appenderRef.console.ref = console",
                    "logger.server.name = kafka.server.KafkaRaftServer",
                    "logger.server.level = info", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration in " + workDir, e);
        }
    }

    private List<String> jvmOptions() {
        return List.of("-Xmx512m", "-Xms128m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + workDir.resolve("logs"));
    }

    private void format(Duration timeout) {
        if (Files.isRegularFile(workDir.resolve("data").resolve("meta.properties"))) {
            return;
        }
        ChildJvm tool = ChildJvm.builder("kafka-format", workDir).classpath(classpath).jvmOptions(jvmOptions())
                .mainClass("kafka.tools.StorageTool")
                .args("format", "-t", Uuid.randomUuid().toString(), "-c", config().toString(),
                        // the Flink Kafka sinks recover transactions only under transaction version 1 (see EmbeddedKafka)
                        "--feature", "transaction.version=1").start();
        int code = tool.awaitExit(timeout);
        if (code != 0) {
            throw new IllegalStateException("formatting the Kafka storage failed (exit " + code + "):\n"
                    + tool.logTail(ChildJvm.LOG_TAIL_LINES));
        }
    }

    private void launch(Duration timeout) {
        jvm = ChildJvm.builder("kafka", workDir).classpath(classpath).jvmOptions(jvmOptions())
                .mainClass("kafka.Kafka").args(config().toString()).start();
        jvm.await("answering admin requests at " + bootstrapServers(), timeout, this::answers);
    }

    /** Starts the broker again after {@link #kill()} or {@link #stop(Duration)}, on the same ports and data. */
    public void restart(Duration timeout) {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        launch(timeout);
    }

    private boolean answers() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An admin client for this broker (the caller closes it). */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** Creates topics (replication factor 1) that do not exist yet; larger records allowed per topic. */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String n : names) {
            topics.add(new NewTopic(n, partitions, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES))));
        }
        try (Admin admin = admin()) {
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause(), ex);
                    }
                }
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating topics " + List.of(names) + " timed out or was interrupted", e);
        }
    }

    /** SIGKILL. */
    public void kill() {
        if (jvm != null) {
            jvm.kill();
        }
    }

    public void stop(Duration grace) {
        if (jvm != null) {
            jvm.stop(grace);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }
}
