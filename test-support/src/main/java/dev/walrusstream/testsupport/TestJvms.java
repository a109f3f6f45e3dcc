package dev.walrusstream.testsupport;

import dev.walrusstream.embedded.process.ChildJvm;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** Child JVMs that run a main class of the test's own class path, supervised by {@link ChildJvm}. */
public final class TestJvms {
    private TestJvms() {
    }

    /**
     * A child JVM named {@code name} (its log is {@code workDir/NAME.log}) that runs {@code mainClass} on
     * this JVM's class path; add options and arguments, then {@link ChildJvm.Builder#start()}.
     */
    public static ChildJvm.Builder onTestClassPath(String name, Path workDir, String mainClass) {
        return ChildJvm.builder(name, workDir)
                .classpath(List.of(System.getProperty("java.class.path").split(File.pathSeparator)))
                .mainClass(mainClass);
    }
}
