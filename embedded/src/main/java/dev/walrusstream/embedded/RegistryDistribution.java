package dev.walrusstream.embedded;

import dev.walrusstream.embedded.internal.Dirs;
import dev.walrusstream.embedded.internal.EmbeddedVersions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the Apicurio Registry server ({@code io.apicurio:apicurio-registry-app:<version>:zip:all} from Maven
 * Central: a Quarkus runner jar plus {@code lib/}) and unpacks it once into a cache directory.
 *
 * <p>Looked for, in order:
 * <ol>
 *   <li>{@code -Dwalrus.registry.home} or {@code $WALRUS_STREAM_REGISTRY_HOME}: an unpacked distribution
 *       directory or the distribution zip;</li>
 *   <li>the cache: {@code -Dwalrus.cache.dir}, {@code $WALRUS_STREAM_CACHE}, {@code $XDG_CACHE_HOME/walrus-stream}
 *       or {@code ~/.cache/walrus-stream}, subdirectory {@code apicurio-registry-app-<version>};</li>
 *   <li>the zip in the local Maven repository ({@code -Dwalrus.maven.repo}, {@code -Dmaven.repo.local} or
 *       {@code ~/.m2/repository}), where building the {@code embedded} module puts it; it is unpacked into the
 *       cache.</li>
 * </ol>
 * Otherwise {@link RegistryDistributionMissingException} says how to download it.
 */
public final class RegistryDistribution {
    private static final String GROUP_PATH = "io/apicurio/apicurio-registry-app";
    private static final String COMPLETE_MARKER = ".complete";

    private final Path home;
    private final Path runnerJar;
    private final String version;

    private RegistryDistribution(Path home, Path runnerJar, String version) {
        this.home = home;
        this.runnerJar = runnerJar;
        this.version = version;
    }

    /** The version the build pins (root pom {@code apicurio.registry.version}). */
    public static String pinnedVersion() {
        return EmbeddedVersions.apicurioRegistry();
    }

    /** Locates (and unpacks if needed) the pinned version. */
    public static RegistryDistribution locate() {
        return locate(pinnedVersion());
    }

    public static RegistryDistribution locate(String version) {
        String explicit = setting("walrus.registry.home", "WALRUS_STREAM_REGISTRY_HOME");
        if (explicit != null) {
            Path p = Path.of(explicit);
            if (Files.isDirectory(p)) {
                return fromDirectory(p, version, "walrus.registry.home / WALRUS_STREAM_REGISTRY_HOME");
            }
            if (Files.isRegularFile(p)) {
                return unpack(p, cacheDir().resolve("apicurio-registry-app-" + version), version);
            }
            throw new RegistryDistributionMissingException("walrus.registry.home / WALRUS_STREAM_REGISTRY_HOME is '"
                    + explicit + "', which is neither a directory nor a zip file");
        }
        Path cached = cacheDir().resolve("apicurio-registry-app-" + version);
        if (Files.isRegularFile(cached.resolve(COMPLETE_MARKER))) {
            return fromDirectory(cached, version, "the cache");
        }
        List<Path> searched = new ArrayList<>();
        for (Path repo : mavenRepositories()) {
            Path zip = repo.resolve(GROUP_PATH).resolve(version)
                    .resolve("apicurio-registry-app-" + version + "-all.zip");
            searched.add(zip);
            if (Files.isRegularFile(zip)) {
                return unpack(zip, cached, version);
            }
        }
        throw new RegistryDistributionMissingException("the schema registry (Apicurio Registry " + version
                + ") is not on this machine: looked in " + cached + " and " + searched + ". Get it with\n"
                + "  mvn dependency:get -Dartifact=io.apicurio:apicurio-registry-app:" + version + ":zip:all\n"
                + "(building the project, e.g. mvn -pl app -am package, does the same), or point "
                + "WALRUS_STREAM_REGISTRY_HOME at an unpacked distribution or its zip.");
    }

    /** The unpacked distribution directory. */
    public Path home() {
        return home;
    }

    /** The Quarkus runner jar (its manifest class path points into {@code lib/}). */
    public Path runnerJar() {
        return runnerJar;
    }

    public String version() {
        return version;
    }

    /** The cache directory for unpacked distributions. */
    public static Path cacheDir() {
        String explicit = setting("walrus.cache.dir", "WALRUS_STREAM_CACHE");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "walrus-stream");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "walrus-stream");
    }

    private static Set<Path> mavenRepositories() {
        Set<Path> repos = new LinkedHashSet<>();
        for (String key : new String[] {"walrus.maven.repo", "maven.repo.local"}) {
            String v = System.getProperty(key);
            if (v != null && !v.isBlank()) {
                repos.add(Path.of(v));
            }
        }
        repos.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));
        return repos;
    }

    private static RegistryDistribution fromDirectory(Path dir, String version, String where) {
        Path jar = dir.resolve("apicurio-registry-app-" + version + "-runner.jar");
        if (Files.isRegularFile(jar)) {
            return new RegistryDistribution(dir, jar, version);
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path any = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).sorted().findFirst()
                    .orElseThrow(() -> new RegistryDistributionMissingException("no *-runner.jar in " + dir
                            + " (from " + where + ")"));
            return new RegistryDistribution(dir, any, version);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Unpacks into a temporary sibling, then renames: concurrent unpackers never see half a distribution. */
    private static RegistryDistribution unpack(Path zip, Path target, String version) {
        if (Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
            return fromDirectory(target, version, "the cache");
        }
        removeStaleTemporaries(target.getParent());
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            try (ZipFile zf = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = zf.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    Path out = tmp.resolve(e.getName()).normalize();
                    if (!out.startsWith(tmp)) {
                        throw new IOException("zip entry '" + e.getName() + "' escapes the target directory");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        try (InputStream in = zf.getInputStream(e)) {
                            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            Files.writeString(tmp.resolve(COMPLETE_MARKER), zip.toString());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                Dirs.deleteQuietly(tmp); // someone else finished first
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException e) {
            Dirs.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot unpack the schema registry distribution " + zip + " into "
                    + target + ": " + e.getMessage(), e);
        }
        return fromDirectory(target, version, "the cache");
    }

    /** Removes {@code .tmp-*} leftovers older than an hour (from JVMs killed while writing into the cache). */
    static void removeStaleTemporaries(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(".tmp-")
                            || p.getFileName().toString().contains(".jsa.tmp-"))
                    .filter(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis() < cutoff;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(Dirs::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
