package dev.walrusstream.app;

import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.testsupport.TestJvms;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/** A {@code walrus-stream} command run as a child JVM on the test class path, as the process ITs start them. */
final class CliProcess {
    /** Generous: a JVM that opens RocksDB and follows the chain can take over a minute on a loaded machine. */
    static final Duration READY = Duration.ofMinutes(3);

    private CliProcess() {
    }

    /** Starts {@code walrus-stream ARGS} with heap option {@code heap}; its log goes under {@code dir/processes}. */
    static ChildJvm start(Path dir, String name, String heap, String... args) {
        return TestJvms.onTestClassPath(name, dir.resolve("processes"), Main.class.getName())
                .jvmOptions(heap, "--add-modules=jdk.incubator.vector").args(args).start();
    }

    /** Waits until a long-running command ({@code chain}, {@code node}, {@code net start}) says it runs. */
    static ChildJvm awaitRunning(ChildJvm p) {
        return p.awaitLog(Pattern.quote("Running until Ctrl-C"), READY);
    }
}
