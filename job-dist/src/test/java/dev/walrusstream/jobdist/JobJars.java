package dev.walrusstream.jobdist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The shaded job jar this module builds, and variants of it for tests. */
final class JobJars {
    private JobJars() {
    }

    /** {@code target/walrus-stream-job.jar} (failsafe passes its path). */
    static Path jobJar() {
        String p = System.getProperty("walrus.job.jar");
        if (p == null) {
            throw new IllegalStateException("-Dwalrus.job.jar is not set: run the cluster tests with mvn -pl job-dist verify");
        }
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no job jar at " + jar + ": mvn -pl job-dist -am package");
        }
        return jar;
    }

    /**
     * The job jar plus the test classes of {@code pkg} (a stand-in job), with {@code mainClass} as
     * Main-Class: a jar the cluster runs exactly as it runs the real one.
     */
    static Path withTestClasses(Path dir, String pkg, String mainClass) throws IOException {
        Path out = dir.resolve("walrus-stream-job-standin.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path classes;
        try {
            classes = Path.of(JobJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (OutputStream o = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(o, manifest);
             JarFile base = new JarFile(jobJar().toFile())) {
            Enumeration<JarEntry> entries = base.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = base.getInputStream(e)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
            Path root = classes.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, jar);
                    jar.closeEntry();
                }
            }
        }
        return out;
    }
}
