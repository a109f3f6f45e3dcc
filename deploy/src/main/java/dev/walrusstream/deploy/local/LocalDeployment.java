package dev.walrusstream.deploy.local;

import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.embedded.EmbeddedSchemaRegistry;
import dev.walrusstream.embedded.RegistrySettings;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.schemas.DefaultTopics;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole pipeline on one machine with every component in its own process, wired only through
 * addresses in configuration files, as on separate hosts: a Kafka broker, the schema registry, LocalChain
 * ({@code walrus-stream chain}), K storage nodes ({@code walrus-stream node}), a Flink JobManager and
 * TaskManagers. Everything lives under one work directory. The job is not submitted here: see
 * {@link #writeJobConfig(Map)} and {@code walrus-stream job submit}.
 */
public final class LocalDeployment implements AutoCloseable {
    /**
     * @param nodes              storage nodes
     * @param shards             shards of the storage network
     * @param taskManagers       TaskManagers started at once (more with {@link FlinkSession#startTaskManager})
     * @param slotsPerTaskManager task slots each
     * @param partitions         partitions of the chunk, receipt and dead-letter topics
     * @param flink              JobManager/TaskManager settings (its checkpoint directory is ignored: the
     *                           deployment puts checkpoints under its work directory)
     */
    public record Settings(int nodes, int shards, int taskManagers, int slotsPerTaskManager, int partitions,
                           FlinkSession.Settings flink) {
        public Settings {
            if (nodes < 1 || shards < nodes || taskManagers < 0 || slotsPerTaskManager < 1 || partitions < 1) {
                throw new IllegalArgumentException("invalid deployment settings: " + nodes + " nodes, " + shards
                        + " shards, " + taskManagers + " TaskManagers with " + slotsPerTaskManager + " slots, "
                        + partitions + " partitions");
            }
        }

        public static Settings defaults() {
            return new Settings(4, 10, 1, 2, 4, FlinkSession.Settings.defaults(Path.of("checkpoints")));
        }

        public Settings withTaskManagers(int count, int slots) {
            return new Settings(nodes, shards, count, slots, partitions, flink);
        }
    }

    /** Class paths of the three kinds of processes. */
    public record Classpaths(List<String> flink, List<String> kafka, List<String> launcher) {
        public Classpaths {
            flink = List.copyOf(flink);
            kafka = List.copyOf(kafka);
            launcher = List.copyOf(launcher);
        }

        /**
         * Reads the class path files the {@code runtime-flink} and {@code runtime-kafka} modules write
         * ({@code runtimes/{flink,kafka}/target/classpath.txt}); the launcher's is given.
         */
        public static Classpaths fromFiles(Path flinkFile, Path kafkaFile, List<String> launcher) {
            return new Classpaths(read(flinkFile, "runtimes/flink"), read(kafkaFile, "runtimes/kafka"), launcher);
        }

        /** This JVM's class path, for launching {@code walrus-stream} commands when the app module is on it. */
        public static List<String> currentJvm() {
            return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        }

        private static List<String> read(Path file, String module) {
            try {
                String text = Files.readString(file).strip();
                List<String> entries = Arrays.asList(text.split(File.pathSeparator));
                for (String e : entries) {
                    if (!Files.exists(Path.of(e))) {
                        throw new IllegalStateException("class path file " + file + " names " + e
                                + ", which does not exist; rebuild it: mvn -pl " + module + " generate-resources");
                    }
                }
                return entries;
            } catch (IOException e) {
                throw new UncheckedIOException("no class path file " + file + "; build it first: mvn -pl " + module
                        + " generate-resources", e);
            }
        }
    }

    private final Path workDir;
    private final Settings settings;
    private final Launcher launcher;
    private LocalNetwork network;
    private ChildJvm chain;
    private final List<ChildJvm> nodes = new ArrayList<>();
    private KafkaBrokerProcess kafka;
    private EmbeddedSchemaRegistry registry;
    private FlinkSession flink;

    private LocalDeployment(Path workDir, Settings settings, Launcher launcher) {
        this.workDir = workDir;
        this.settings = settings;
        this.launcher = launcher;
    }

    /** Starts everything (independent parts concurrently) and creates the topics. */
    public static LocalDeployment start(Path workDir, Classpaths classpaths, Settings settings, Duration timeout) {
        LocalDeployment d = new LocalDeployment(workDir, settings,
                new Launcher(classpaths.launcher(), workDir.resolve("logs"), "384m"));
        try {
            Files.createDirectories(workDir.resolve("logs"));
            d.network = LocalNetwork.init(workDir.resolve("net"), settings.nodes(), settings.shards(), "127.0.0.1");
            CompletableFuture<Void> storage = CompletableFuture.runAsync(() -> d.startStorage(timeout));
            CompletableFuture<Void> kafka = CompletableFuture.runAsync(() -> {
                d.kafka = KafkaBrokerProcess.start(classpaths.kafka(), workDir.resolve("kafka"), timeout);
                d.kafka.createTopics(settings.partitions(), DefaultTopics.CHUNKS, DefaultTopics.RECEIPTS,
                        DefaultTopics.DEAD_LETTERS);
                d.kafka.createTopics(1, DefaultTopics.MANIFESTS);
            });
            CompletableFuture<Void> registry = CompletableFuture.runAsync(() -> d.registry = EmbeddedSchemaRegistry.start(
                    RegistrySettings.defaults().withWorkDir(workDir.resolve("registry"))));
            CompletableFuture<Void> flink = CompletableFuture.runAsync(() -> {
                FlinkSession.Settings fs = new FlinkSession.Settings(settings.flink().taskManagerMemory(),
                        workDir.resolve("checkpoints").toAbsolutePath(), settings.flink().heartbeatTimeout(),
                        settings.flink().extraConfiguration());
                d.flink = FlinkSession.start(classpaths.flink(), workDir.resolve("flink"), fs, timeout);
                for (int i = 0; i < settings.taskManagers(); i++) {
                    d.flink.startTaskManager("taskmanager-" + i, settings.slotsPerTaskManager(), timeout);
                }
            });
            CompletableFuture.allOf(storage, kafka, registry, flink).join();
            return d;
        } catch (IOException e) {
            d.close();
            throw new UncheckedIOException(e);
        } catch (CompletionException e) {
            d.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void startStorage(Duration timeout) {
        chain = launcher.startService("chain", timeout, "chain", "--dir", network.dir().toString());
        List<CompletableFuture<ChildJvm>> starting = new ArrayList<>();
        for (int i = 0; i < settings.nodes(); i++) {
            int n = i;
            starting.add(CompletableFuture.supplyAsync(() -> startNodeProcess(n, timeout)));
        }
        for (CompletableFuture<ChildJvm> f : starting) {
            nodes.add(f.join());
        }
    }

    private ChildJvm startNodeProcess(int i, Duration timeout) {
        Path config = network.dir().resolve(network.manifest().nodes().get(i).dir()).resolve("node.json");
        return launcher.startService("node-" + i, timeout, "node", "--config", config.toString());
    }

    /** Starts storage node {@code i} again (after {@link #killNode(int)}), with its data as it was. */
    public ChildJvm restartNode(int i, Duration timeout) {
        if (nodes.get(i).isAlive()) {
            throw new IllegalStateException("node-" + i + " is running");
        }
        ChildJvm n = startNodeProcess(i, timeout);
        nodes.set(i, n);
        return n;
    }

    /** SIGKILL of storage node {@code i}. */
    public void killNode(int i) {
        nodes.get(i).kill();
    }

    /**
     * Writes {@code WORKDIR/job.properties}, the encode job's configuration pointing at this deployment's
     * Kafka, registry, storage network and checkpoint directory, plus {@code extra} settings.
     */
    public Path writeJobConfig(Map<String, String> extra) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap", kafka.bootstrapServers());
        c.put("registry.url", registry.baseUrl());
        c.put("walrus.client-config", clientConfig().toAbsolutePath().toString());
        c.put("checkpoint.dir", workDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
        c.putAll(extra);
        Properties p = new Properties();
        c.forEach(p::setProperty);
        Path file = workDir.resolve("job.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "encode job of a local Walrus Stream deployment");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    public Path workDir() {
        return workDir;
    }

    public LocalNetwork network() {
        return network;
    }

    public Path clientConfig() {
        return network.clientConfig();
    }

    public ChildJvm chain() {
        return chain;
    }

    public ChildJvm node(int i) {
        return nodes.get(i);
    }

    public KafkaBrokerProcess kafka() {
        return kafka;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    public FlinkSession flink() {
        return flink;
    }

    public Launcher launcher() {
        return launcher;
    }

    /** Every process this deployment started and that still runs (the schema registry aside), for memory and CPU figures. */
    public List<ChildJvm> processes() {
        List<ChildJvm> all = new ArrayList<>();
        if (chain != null) {
            all.add(chain);
        }
        all.addAll(nodes);
        if (kafka != null && kafka.process() != null) {
            all.add(kafka.process());
        }
        if (flink != null && flink.jobManager() != null) {
            all.add(flink.jobManager());
            all.addAll(flink.taskManagers());
        }
        return all.stream().filter(ChildJvm::isAlive).toList();
    }

    @Override
    public void close() {
        if (flink != null) {
            flink.close();
        }
        for (ChildJvm n : nodes) {
            n.stop(Duration.ofSeconds(10));
        }
        if (chain != null) {
            chain.stop(Duration.ofSeconds(10));
        }
        if (kafka != null) {
            kafka.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
