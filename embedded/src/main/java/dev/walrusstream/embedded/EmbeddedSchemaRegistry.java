package dev.walrusstream.embedded;

import dev.walrusstream.embedded.internal.Dirs;
import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.embedded.process.FreePorts;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A real schema registry: the Apicurio Registry server (in-memory storage, or an H2 file database in
 * {@link RegistrySettings#dataDir()}) as a child JVM on a loopback port,
 * speaking the Confluent protocol at {@link #baseUrl()} ({@code /apis/ccompat/v7}), global compatibility set to
 * BACKWARD. {@link #close()} stops it; a JVM shutdown hook stops it if nobody closed it; and the child exits by
 * itself when this JVM dies (it watches its standard input), so no registry outlives its parent.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    /** The Confluent-compatible API path of Apicurio 2.x (v6 answers too but is deprecated there). */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    /** SIGTERM first; SIGKILL when the registry has not stopped after this. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ChildJvm process;
    private final int port;
    private final Path workDir;
    private final boolean deleteWorkDir;
    private final Path logFile;
    private final long startupMillis;
    private final Path cdsArchive;
    private final Path cdsDump;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedSchemaRegistry(ChildJvm process, int port, Path workDir, boolean deleteWorkDir, Path logFile,
                                   long startupMillis, Path cdsArchive, Path cdsDump) {
        this.cdsArchive = cdsArchive;
        this.cdsDump = cdsDump;
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.deleteWorkDir = deleteWorkDir;
        this.logFile = logFile;
        this.startupMillis = startupMillis;
        this.shutdownHook = new Thread(this::stopAndClean, "embedded-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts with {@link RegistrySettings#defaults()}. */
    public static EmbeddedSchemaRegistry start() {
        return start(RegistrySettings.defaults());
    }

    public static EmbeddedSchemaRegistry start(RegistrySettings settings) {
        RegistryDistribution dist = settings.distribution() != null ? settings.distribution()
                : RegistryDistribution.locate();
        boolean tempDir = settings.workDir() == null;
        Path workDir;
        try {
            workDir = tempDir ? Files.createTempDirectory("walrus-registry-")
                    : Files.createDirectories(settings.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry work directory", e);
        }
        int attempts = settings.port() == 0 ? 3 : 1;
        try {
            EmbeddedStartException last = null;
            for (int i = 0; i < attempts; i++) {
                int port = settings.port() != 0 ? settings.port() : FreePorts.find(1)[0];
                try {
                    return launch(dist, settings, port, workDir, tempDir);
                } catch (EmbeddedStartException e) {
                    last = e;
                    if (!portTaken(workDir.resolve("registry.log"))) {
                        break;
                    }
                }
            }
            throw last;
        } catch (RuntimeException | Error e) {
            if (tempDir) {
                // the exception already carries the log's last lines
                Dirs.deleteQuietly(workDir);
            }
            throw e;
        }
    }

    private static EmbeddedSchemaRegistry launch(RegistryDistribution dist, RegistrySettings settings, int port,
                                                 Path workDir, boolean tempDir) {
        Path log = workDir.resolve("registry.log");
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + settings.maxHeap());
        options.addAll(settings.jvmOptions());
        options.add("-Dquarkus.http.host=127.0.0.1");
        options.add("-Dquarkus.http.port=" + port);
        options.add("-Dquarkus.banner.enabled=false");
        options.add("-Djava.io.tmpdir=" + workDir);
        Path cds = null;
        Path cdsDump = null;
        if (settings.classDataSharing() && settings.java() == null) {
            RegistryDistribution.removeStaleTemporaries(RegistryDistribution.cacheDir());
            cds = cdsArchive(dist);
            if (Files.isRegularFile(cds)) {
                options.add("-XX:SharedArchiveFile=" + cds);
            } else {
                cdsDump = cds.resolveSibling(cds.getFileName() + ".tmp-" + UUID.randomUUID());
                options.add("-XX:ArchiveClassesAtExit=" + cdsDump);
            }
        }
        ChildJvm.Builder builder = ChildJvm.builder("schema registry", workDir).log(log).truncateLog()
                .directory(dist.home()).launcherDir(RegistryDistribution.cacheDir())
                .java(javaExecutable(settings)).jvmOptions(options)
                .classpath(List.of(dist.runnerJar().toString())).mainClass(mainClass(dist.runnerJar()));
        if (settings.dataDir() != null) {
            try {
                Files.createDirectories(settings.dataDir());
            } catch (IOException e) {
                throw new EmbeddedStartException("cannot create the registry data directory " + settings.dataDir()
                        + ": " + e.getMessage(), e);
            }
            // the variable Apicurio 2.x reads for its (H2) database URL; a file database keeps ids across restarts
            builder.environment("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:"
                    + settings.dataDir().toAbsolutePath().resolve("registry_db"));
        }
        long t0 = System.nanoTime();
        ChildJvm p;
        try {
            p = builder.start();
        } catch (UncheckedIOException e) {
            throw new EmbeddedStartException("cannot start the schema registry JVM (" + javaExecutable(settings)
                    + "): " + e.getCause().getMessage(), e);
        }
        String root = "http://127.0.0.1:" + port;
        try {
            waitReady(p, root, settings.startTimeout(), log);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(p, port, workDir, tempDir, log, millis,
                    cds, cdsDump);
            registry.client().setCompatibility(settings.compatibility());
            return registry;
        } catch (RuntimeException e) {
            p.stop(STOP_GRACE);
            deleteQuietly(cdsDump);
            if (e instanceof EmbeddedStartException) {
                throw e;
            }
            throw new EmbeddedStartException("schema registry on port " + port + " started but could not be"
                    + " configured: " + e.getMessage() + " (log: " + log + ")", e);
        }
    }

    private static void waitReady(ChildJvm p, String root, Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(root + CCOMPAT_PATH + "/subjects"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            p.await("an answer on " + root + CCOMPAT_PATH, timeout, () -> {
                try {
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false; // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedStartException("interrupted while waiting for the schema registry", e);
                }
            });
        } catch (IllegalStateException e) {
            // ChildJvm names the process, what it waited for, and quotes the end of its log
            throw new EmbeddedStartException(e.getMessage(), e);
        }
    }

    /** The Confluent-compatible API root, for example {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    /** A client for {@link #baseUrl()} with default settings. */
    public SchemaRegistryClient client() {
        return new SchemaRegistryClient(RegistryClientConfig.of(baseUrl()));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Milliseconds from launching the JVM to the first successful API answer. */
    public long startupMillis() {
        return startupMillis;
    }

    /** The child's peak resident memory (Linux), empty elsewhere or after exit. */
    public OptionalLong peakRssBytes() {
        return process.peakRssBytes();
    }

    /** The child's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down; the hook runs or ran
        }
        stopAndClean();
    }

    private void stopAndClean() {
        stopProcess();
        if (deleteWorkDir) {
            Dirs.deleteQuietly(workDir);
        }
    }

    private synchronized void stopProcess() {
        boolean clean = process.stop(STOP_GRACE);
        if (clean) {
            publishCdsArchive();
        } else {
            deleteQuietly(cdsDump); // killed: the archive may be partial
        }
    }

    /** The first run dumped the class archive at exit: publish it for the next starts. */
    private void publishCdsArchive() {
        if (cdsDump == null || !Files.isRegularFile(cdsDump)) {
            return;
        }
        try {
            if (Files.size(cdsDump) > 0 && !Files.exists(cdsArchive)) {
                Files.move(cdsDump, cdsArchive, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException ignored) {
            // another JVM published one first, or the cache is read-only: start without it next time
        } finally {
            deleteQuietly(cdsDump);
        }
    }

    /** Where the class-data-sharing archive for this JVM build and registry version lives. */
    static Path cdsArchive(RegistryDistribution dist) {
        String vm = System.getProperty("java.vm.version", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
        return RegistryDistribution.cacheDir().resolve("apicurio-registry-" + dist.version() + "-jvm-" + vm + ".jsa");
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temporary archive is harmless
            }
        }
    }

    private static Path javaExecutable(RegistrySettings settings) {
        return settings.java() != null ? settings.java() : Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String mainClass(Path runnerJar) {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(runnerJar.toFile())) {
            String main = jar.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new EmbeddedStartException(runnerJar + " has no Main-Class in its manifest", null);
            }
            return main;
        } catch (IOException e) {
            throw new EmbeddedStartException("cannot read " + runnerJar + ": " + e.getMessage(), e);
        }
    }

    static boolean portTaken(Path log) {
        String t = tail(log, 40);
        // Quarkus reports a taken port in its own words ("Port N seems to be in use by another process")
        return t.contains("Address already in use") || t.contains("BindException") || t.contains("seems to be in use");
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }
}
