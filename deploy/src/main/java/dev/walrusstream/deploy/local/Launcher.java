package dev.walrusstream.deploy.local;

import dev.walrusstream.embedded.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code walrus-stream} subcommands as their own JVMs ({@code dev.walrusstream.app.Main} on the
 * launcher's class path): long-running services ({@code chain}, {@code node}) that are ready when they
 * print "Running until Ctrl-C", and commands that run to completion ({@code ingest}, {@code job submit}).
 */
public final class Launcher {
    public static final String MAIN = "dev.walrusstream.app.Main";
    /** What a {@code walrus-stream} service prints once it serves. */
    public static final String READY = "Running until Ctrl-C";

    private final List<String> classpath;
    private final Path workDir;
    private final String maxHeap;

    /**
     * @param classpath the launcher's class path ({@code app/target/walrus-stream.jar} and {@code app/target/lib/*},
     *                  or a test JVM's class path holding the app module)
     */
    public Launcher(List<String> classpath, Path workDir, String maxHeap) {
        this.classpath = List.copyOf(classpath);
        this.workDir = workDir;
        this.maxHeap = maxHeap;
    }

    private ChildJvm.Builder jvm(String name, List<String> args) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + maxHeap, FlinkSession.VECTOR_FLAG,
                "-XX:+UseSerialGC", "-Dwalrus.stderr.tty=false"));
        return ChildJvm.builder(name, workDir).classpath(classpath).jvmOptions(options).mainClass(MAIN).args(args);
    }

    /** Starts a service ({@code chain ...}, {@code node ...}) and returns once it is serving. */
    public ChildJvm startService(String name, Duration timeout, String... args) {
        return jvm(name, List.of(args)).start().awaitLog(READY, timeout);
    }

    /** Starts a command without waiting. */
    public ChildJvm start(String name, String... args) {
        return jvm(name, List.of(args)).start();
    }

    /** Runs a command to completion; fails naming the command and quoting its output unless it exits with 0. */
    public String run(String name, Duration timeout, String... args) {
        ChildJvm p = jvm(name, List.of(args)).start();
        int code = p.awaitExit(timeout);
        if (code != 0) {
            throw new IllegalStateException("walrus-stream " + String.join(" ", args) + " exited with " + code
                    + ":\n" + p.logTail(ChildJvm.LOG_TAIL_LINES));
        }
        return p.readLog();
    }
}
