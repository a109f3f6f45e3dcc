package dev.walrusstream.jobdist;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded job jar this module builds. */
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
}
