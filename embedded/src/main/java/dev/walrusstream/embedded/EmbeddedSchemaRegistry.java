package dev.walrusstream.embedded;

import dev.walrusstream.embedded.process.ChildLauncherJar;
import dev.walrusstream.embedded.internal.Dirs;
import dev.walrusstream.embedded.process.ExitWithParent;
import dev.walrusstream.embedded.process.FreePorts;
import dev.walrusstream.embedded.process.ProcessMemory;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;

import java.io.File;
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
import java.util.concurrent.TimeUnit;

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

    private final Process process;
    private final int port;
    private final Path workDir;
    private final boolean deleteWorkDir;
    private final Path logFile;
    private final long startupMillis;
    private final Path cdsArchive;
    private final Path cdsDump;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedSchemaRegistry(Process process, int port, Path workDir, boolean deleteWorkDir, Path logFile,
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
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable(settings));
        cmd.add("-Xmx" + settings.maxHeap());
        cmd.addAll(settings.jvmOptions());
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.banner.enabled=false");
        cmd.add("-Djava.io.tmpdir=" + workDir);
        Path cds = null;
        Path cdsDump = null;
        if (settings.classDataSharing() && settings.java() == null) {
            RegistryDistribution.removeStaleTemporaries(RegistryDistribution.cacheDir());
            cds = cdsArchive(dist);
            if (Files.isRegularFile(cds)) {
                cmd.add("-XX:SharedArchiveFile=" + cds);
            } else {
                cdsDump = cds.resolveSibling(cds.getFileName() + ".tmp-" + UUID.randomUUID());
                cmd.add("-XX:ArchiveClassesAtExit=" + cdsDump);
            }
        }
        cmd.add("-cp");
        cmd.add(ChildLauncherJar.in(RegistryDistribution.cacheDir()) + File.pathSeparator + dist.runnerJar());
        cmd.add(ExitWithParent.class.getName());
        cmd.add(mainClass(dist.runnerJar()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dist.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        if (settings.dataDir() != null) {
            try {
                Files.createDirectories(settings.dataDir());
            } catch (IOException e) {
                throw new EmbeddedStartException("cannot create the registry data directory " + settings.dataDir()
                        + ": " + e.getMessage(), e);
            }
            // the variable Apicurio 2.x reads for its (H2) database URL; a file database keeps ids across restarts
            pb.environment().put("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:"
                    + settings.dataDir().toAbsolutePath().resolve("registry_db"));
        }
        // stdin stays a pipe held by this JVM: its end-of-file tells the child that we are gone
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new EmbeddedStartException("cannot start the schema registry JVM (" + cmd.get(0) + "): "
                    + e.getMessage(), e);
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
            destroy(p);
            deleteQuietly(cdsDump);
            if (e instanceof EmbeddedStartException) {
                throw e;
            }
            throw new EmbeddedStartException("schema registry on port " + port + " started but could not be"
                    + " configured: " + e.getMessage() + " (log: " + log + ")", e);
        }
    }

    private static void waitReady(Process p, String root, Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(root + CCOMPAT_PATH + "/subjects"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new EmbeddedStartException("the schema registry exited with code " + p.exitValue()
                        + " during start-up on " + root + "; last lines of " + log + ":\n" + tail(log, 15), null);
            }
            try {
                HttpResponse<Void> r = http.send(probe, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedStartException("interrupted while waiting for the schema registry", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedStartException("interrupted while waiting for the schema registry", e);
            }
        }
        throw new EmbeddedStartException("the schema registry did not answer on " + root + CCOMPAT_PATH
                + " within " + timeout.toSeconds() + " s; last lines of " + log + ":\n" + tail(log, 15), null);
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
        return ProcessMemory.peakRss(process.pid());
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
        boolean clean = destroy(process);
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

    /** SIGTERM, then SIGKILL after 20 s; true when the process ended by itself. */
    private static boolean destroy(Process p) {
        if (!p.isAlive()) {
            return true;
        }
        p.destroy();
        try {
            if (p.waitFor(20, TimeUnit.SECONDS)) {
                return true;
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static String javaExecutable(RegistrySettings settings) {
        if (settings.java() != null) {
            return settings.java().toString();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
