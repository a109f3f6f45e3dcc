package dev.walrusstream.embedded;

import dev.walrusstream.schemas.registry.CompatibilityLevel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run the embedded schema registry.
 *
 * @param distribution  where the server is; null = {@link RegistryDistribution#locate()}
 * @param java          the {@code java} executable for the child JVM; null = the one running this JVM
 * @param port          HTTP port; 0 = a free port
 * @param maxHeap       child {@code -Xmx}, for example {@code 256m}
 * @param jvmOptions    further child JVM options (the defaults favour start-up time and memory on small machines)
 * @param startTimeout  how long to wait for the registry to answer
 * @param compatibility global compatibility level set after start (Confluent's default, BACKWARD; Apicurio's is NONE)
 * @param workDir       where the log goes; null = a temporary directory removed on close
 * @param dataDir       where the registry keeps its database (H2 file), so schema ids survive restarts (needed
 *                      when Kafka's data survives too: old records carry old ids); null = in memory
 * @param classDataSharing keep a class-data-sharing archive of the registry's classes in the cache (written by
 *                      the first run, at its exit) and start with it: about half the start-up time and less
 *                      memory. Only with the default {@code java}
 */
public record RegistrySettings(RegistryDistribution distribution, Path java, int port, String maxHeap,
                               List<String> jvmOptions, Duration startTimeout, CompatibilityLevel compatibility,
                               Path workDir, Path dataDir, boolean classDataSharing) {

    /** Options that cut start-up time and footprint of a small Quarkus service (measured, see README). */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxMetaspaceSize=192m");

    public RegistrySettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("registry port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(maxHeap, "maxHeap");
        if (!maxHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException("maxHeap must look like 256m, got '" + maxHeap + "'");
        }
        jvmOptions = List.copyOf(jvmOptions);
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
        Objects.requireNonNull(compatibility, "compatibility");
    }

    public static RegistrySettings defaults() {
        return new RegistrySettings(null, null, 0, "256m", DEFAULT_JVM_OPTIONS, Duration.ofSeconds(120),
                CompatibilityLevel.BACKWARD, null, null, true);
    }

    public RegistrySettings withPort(int p) {
        return new RegistrySettings(distribution, java, p, maxHeap, jvmOptions, startTimeout, compatibility,
                workDir, dataDir, classDataSharing);
    }

    public RegistrySettings withWorkDir(Path dir) {
        return new RegistrySettings(distribution, java, port, maxHeap, jvmOptions, startTimeout, compatibility,
                dir, dataDir, classDataSharing);
    }

    public RegistrySettings withJvmOptions(List<String> options) {
        return new RegistrySettings(distribution, java, port, maxHeap, options, startTimeout, compatibility,
                workDir, dataDir, classDataSharing);
    }

    public RegistrySettings withJava(Path javaExecutable) {
        return new RegistrySettings(distribution, javaExecutable, port, maxHeap, jvmOptions, startTimeout,
                compatibility, workDir, dataDir, classDataSharing);
    }

    public RegistrySettings withDataDir(Path dir) {
        return new RegistrySettings(distribution, java, port, maxHeap, jvmOptions, startTimeout, compatibility,
                workDir, dir, classDataSharing);
    }

    public RegistrySettings withClassDataSharing(boolean on) {
        return new RegistrySettings(distribution, java, port, maxHeap, jvmOptions, startTimeout, compatibility,
                workDir, dataDir, on);
    }
}
