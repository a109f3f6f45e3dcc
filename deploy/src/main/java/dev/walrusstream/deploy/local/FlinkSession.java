package dev.walrusstream.deploy.local;

import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.deploy.FlinkRestClient;
import dev.walrusstream.deploy.FlinkRestException;
import dev.walrusstream.embedded.process.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink standalone session cluster of separate JVMs: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and any number of TaskManagers ({@code TaskManagerRunner}),
 * started the way Flink's scripts start them but without the scripts (Maven Central has no Flink
 * distribution): a {@code config.yaml} written here, the JVM options the scripts would derive, and the
 * class path of the {@code runtime-flink} module. Jobs reach it through its REST endpoint
 * ({@link #restAddress()}), exactly as on a real cluster.
 */
public final class FlinkSession implements AutoCloseable {
    /** What Flink's distribution puts in {@code env.java.opts.all} for Java 17. */
    public static final List<String> JAVA17_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
    /** The codec's Vector API kernels need the incubator module in every JVM that runs them. */
    public static final String VECTOR_FLAG = "--add-modules=jdk.incubator.vector";
    /** The job's resumable upload SHA-256 runs on the JDK's digest only where its package is open. */
    public static final String DIGEST_FLAG = "--add-opens=java.base/sun.security.provider=ALL-UNNAMED";

    /**
     * @param taskManagerMemory  memory layout of every TaskManager
     * @param checkpointDir      where checkpoints go (shared by all processes: one machine)
     * @param heartbeatTimeout   how soon the JobManager declares a silent TaskManager dead (Flink's default,
     *                           50 s, makes a crashed TaskManager cost a minute)
     * @param extraConfiguration further {@code config.yaml} entries
     */
    public record Settings(TaskManagerMemory taskManagerMemory, Path checkpointDir, Duration heartbeatTimeout,
                           Map<String, String> extraConfiguration) {
        public Settings {
            extraConfiguration = Map.copyOf(extraConfiguration);
        }

        public static Settings defaults(Path checkpointDir) {
            return new Settings(TaskManagerMemory.DEFAULTS, checkpointDir, Duration.ofSeconds(10), Map.of());
        }
    }

    private final List<String> classpath;
    private final Path workDir;
    private final Settings settings;
    private final int restPort;
    private final FlinkRestClient rest;
    private final Map<String, ChildJvm> taskManagers = new LinkedHashMap<>();
    private ChildJvm jobManager;

    private FlinkSession(List<String> classpath, Path workDir, Settings settings, int restPort) {
        this.classpath = classpath;
        this.workDir = workDir;
        this.settings = settings;
        this.restPort = restPort;
        this.rest = new FlinkRestClient(restAddress(), Duration.ofSeconds(10));
    }

    /** Writes the configuration and starts the JobManager; returns once its REST endpoint answers. */
    public static FlinkSession start(List<String> classpath, Path workDir, Settings settings, Duration timeout) {
        int[] ports = FreePorts.find(3);
        FlinkSession session = new FlinkSession(classpath, workDir, settings, ports[1]);
        try {
            session.writeConfiguration(ports[0], ports[1], ports[2]);
            session.startJobManager(timeout);
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** {@code HOST:PORT} of the REST endpoint (what {@code walrus-stream job submit --jobmanager} takes). */
    public String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    public FlinkRestClient rest() {
        return rest;
    }

    public Path configDir() {
        return workDir.resolve("conf");
    }

    public ChildJvm jobManager() {
        return jobManager;
    }

    public ChildJvm taskManager(String id) {
        return taskManagers.get(id);
    }

    /** The TaskManagers started so far, in order. */
    public java.util.List<ChildJvm> taskManagers() {
        return java.util.List.copyOf(taskManagers.values());
    }

    private void writeConfiguration(int rpcPort, int restPort, int blobPort) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.memory.process.size", "768m");
        c.put("jobmanager.execution.failover-strategy", "region");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("blob.server.port", Integer.toString(blobPort));
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.numberOfTaskSlots", "1");
        c.putAll(settings.taskManagerMemory().configuration());
        c.put("parallelism.default", "1");
        c.put("execution.checkpointing.dir", settings.checkpointDir().toUri().toString());
        c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "1000");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        c.put("heartbeat.interval", Long.toString(Math.max(500, settings.heartbeatTimeout().toMillis() / 5)));
        c.put("heartbeat.timeout", Long.toString(settings.heartbeatTimeout().toMillis()));
        c.put("web.upload.dir", workDir.resolve("jobmanager-uploads").toString());
        c.put("io.tmp.dirs", workDir.resolve("tmp").toString());
        c.putAll(settings.extraConfiguration());
        StringBuilder yaml = new StringBuilder("# Flink session cluster of a local Walrus Stream deployment\n");
        c.forEach((k, v) -> yaml.append(k).append(": ").append(v.contains(" ") || v.contains(":") ? "'" + v + "'" : v)
                .append('\n'));
        try {
            Files.createDirectories(configDir());
            Files.createDirectories(workDir.resolve("tmp"));
            Files.createDirectories(workDir.resolve("jobmanager-uploads"));
            Files.writeString(configDir().resolve("config.yaml"), yaml.toString());
            Files.writeString(configDir().resolve("log4j2.properties"), String.join("\n",
                    "status = warn",
                    "appender.console.type = Console",
                    "appender.console.name = console",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n",
                    "rootLogger.level = ${sys:walrus.flink.log.level:-warn}",
                    "rootLogger.appenderRef.console.ref = console",
                    "logger.walrus.name = dev.walrusstream",
                    "logger.walrus.level = info",
                    "logger.checkpoints.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
                    "logger.checkpoints.level = info",
                    "logger.restore.name = org.apache.flink.runtime.executiongraph.ExecutionGraph",
                    "logger.restore.level = info", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Flink configuration in " + configDir(), e);
        }
    }

    private List<String> commonJvmOptions(String logName) {
        List<String> o = new ArrayList<>(JAVA17_OPTIONS);
        o.add(VECTOR_FLAG);
        o.add(DIGEST_FLAG);
        o.add("-XX:+IgnoreUnrecognizedVMOptions");
        o.add("-Dlog4j.configurationFile=" + configDir().resolve("log4j2.properties"));
        o.add("-Dlog.file=" + workDir.resolve(logName + ".log"));
        return o;
    }

    private void startJobManager(Duration timeout) {
        List<String> options = commonJvmOptions("jobmanager");
        options.addAll(List.of("-Xmx512m", "-Xms256m", "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC"));
        jobManager = ChildJvm.builder("jobmanager", workDir).classpath(classpath).jvmOptions(options)
                .mainClass("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint")
                .args("--configDir", configDir().toString()).start();
        jobManager.await("its REST endpoint answering at " + restAddress(), timeout, () -> {
            try {
                rest.overview();
                return true;
            } catch (FlinkRestException e) {
                return false;
            }
        });
    }

    /**
     * Starts a TaskManager with resource id {@code id} and {@code slots} slots, and returns once the
     * JobManager lists it. The id may be reused after {@link #killTaskManager(String)}: the replacement
     * is a new process with a fresh id suffix so Flink does not confuse it with the dead one.
     */
    public ChildJvm startTaskManager(String id, int slots, Duration timeout) {
        ChildJvm old = taskManagers.get(id);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException("TaskManager " + id + " is running");
        }
        String resourceId = id + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        List<String> options = commonJvmOptions(id);
        options.addAll(settings.taskManagerMemory().jvmOptions());
        options.add("-XX:+UseParallelGC");
        ChildJvm tm = ChildJvm.builder(id, workDir).classpath(classpath).jvmOptions(options)
                .mainClass("org.apache.flink.runtime.taskexecutor.TaskManagerRunner")
                .args("--configDir", configDir().toString(), "-Dtaskmanager.resource-id=" + resourceId,
                        "-Dtaskmanager.numberOfTaskSlots=" + slots, "-Dtaskmanager.cpu.cores=" + slots)
                .start();
        taskManagers.put(id, tm);
        tm.await("registration with the JobManager as " + resourceId, timeout, () -> {
            try {
                return rest.taskManagers().stream().anyMatch(t -> t.id().equals(resourceId));
            } catch (FlinkRestException e) {
                return false;
            }
        });
        return tm;
    }

    /** SIGKILL of a TaskManager: its tasks fail, and the job restarts from its last checkpoint elsewhere. */
    public void killTaskManager(String id) {
        ChildJvm tm = taskManagers.get(id);
        if (tm == null) {
            throw new IllegalArgumentException("no TaskManager " + id + "; known: " + taskManagers.keySet());
        }
        tm.kill();
    }

    @Override
    public void close() {
        for (ChildJvm tm : taskManagers.values()) {
            tm.stop(Duration.ofSeconds(10));
        }
        if (jobManager != null) {
            jobManager.stop(Duration.ofSeconds(15));
        }
    }
}
