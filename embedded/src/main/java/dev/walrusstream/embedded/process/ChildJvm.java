package dev.walrusstream.embedded.process;


import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * A Java process of its own: {@code java [options] -cp CLASSPATH MAIN [args]}, standard output and error
 * appended to {@code LOG}. It runs under {@link ExitWithParent}, so it exits when this JVM dies however it
 * dies, and never outlives a crashed test. {@link #kill()} is SIGKILL (a crash), {@link #stop()} SIGTERM
 * (an orderly shutdown, SIGKILL after a grace period).
 */
public final class ChildJvm implements AutoCloseable {
    /** Lines of the log quoted in errors. */
    public static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> command;
    private final long logStart;

    private ChildJvm(String name, Process process, Path log, List<String> command, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.command = command;
        this.logStart = logStart;
    }

    public static Builder builder(String name, Path workDir) {
        return new Builder(name, workDir);
    }

    /** How to start one child JVM. */
    public static final class Builder {
        private final String name;
        private final Path workDir;
        private final List<String> classpath = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String mainClass;
        private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
        private Path log;
        private boolean appendLog = true;
        private Path directory;
        private Path launcherDir;
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder(String name, Path workDir) {
            this.name = Objects.requireNonNull(name, "name");
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** Class path entries (jars or directories), in order. */
        public Builder classpath(List<String> entries) {
            classpath.addAll(entries);
            return this;
        }

        public Builder mainClass(String c) {
            this.mainClass = c;
            return this;
        }

        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        public Builder args(String... a) {
            args.addAll(List.of(a));
            return this;
        }

        public Builder args(List<String> a) {
            args.addAll(a);
            return this;
        }

        public Builder java(Path executable) {
            this.javaExecutable = executable;
            return this;
        }

        /** Where output goes (default: {@code WORKDIR/NAME.log}); appended to, so restarts keep history. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** Starts the log afresh instead of appending to it. */
        public Builder truncateLog() {
            this.appendLog = false;
            return this;
        }

        /** The child's working directory (default: the work directory). */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /**
         * Where the small jar that holds {@link ExitWithParent} is written (default: {@code WORKDIR/.launcher});
         * a shared cache directory spares a temporary work directory the copy.
         */
        public Builder launcherDir(Path dir) {
            this.launcherDir = dir;
            return this;
        }

        /** An environment variable for the child, on top of this JVM's environment. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
            return this;
        }

        public ChildJvm start() {
            if (mainClass == null) {
                throw new IllegalStateException("child JVM " + name + ": no main class");
            }
            if (classpath.isEmpty()) {
                throw new IllegalStateException("child JVM " + name + ": empty class path");
            }
            try {
                Files.createDirectories(workDir);
                Path logFile = log != null ? log : workDir.resolve(name + ".log");
                Files.writeString(logFile, "=== start " + Instant.now() + " ===\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, appendLog ? StandardOpenOption.APPEND
                                : StandardOpenOption.TRUNCATE_EXISTING);
                long logStart = Files.size(logFile);
                List<String> cmd = new ArrayList<>();
                cmd.add(javaExecutable.toString());
                cmd.addAll(jvmOptions);
                List<String> cp = new ArrayList<>();
                cp.add(ChildLauncherJar.in(launcherDir != null ? launcherDir : workDir.resolve(".launcher")).toString());
                cp.addAll(classpath);
                cmd.add("-cp");
                cmd.add(String.join(File.pathSeparator, cp));
                cmd.add(ExitWithParent.class.getName());
                cmd.add(mainClass);
                cmd.addAll(args);
                // stdin stays a pipe held by this JVM: its end-of-file tells the child that we are gone
                ProcessBuilder pb = new ProcessBuilder(cmd).directory((directory != null ? directory : workDir).toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
                pb.environment().putAll(environment);
                Process p = pb.start();
                return new ChildJvm(name, p, logFile, List.copyOf(cmd), logStart);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start child JVM " + name, e);
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public List<String> command() {
        return command;
    }

    /** Peak resident memory so far (Linux), while the process lives. */
    public OptionalLong peakRssBytes() {
        return ProcessMemory.peakRss(process.pid());
    }

    /** Waits until the log has a line matching {@code regex}; fails naming the process and quoting its log. */
    public ChildJvm awaitLog(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        return await("log line /" + regex + "/", timeout,
                () -> readLog().lines().anyMatch(l -> pattern.matcher(l).find()));
    }

    /** Waits until {@code condition} holds; fails if the process exits or the timeout passes first. */
    public ChildJvm await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before " + what
                        + "; its log " + log + " ends with:\n" + logTail(LOG_TAIL_LINES));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " (pid " + pid() + ") did not reach " + what + " within "
                        + timeout.toSeconds() + " s; its log " + log + " ends with:\n" + logTail(LOG_TAIL_LINES));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** Waits for the process to exit and returns its exit code; kills it after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not exit within " + timeout.toSeconds()
                        + " s and was killed; its log " + log + " ends with:\n" + logTail(LOG_TAIL_LINES));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** SIGKILL: the process dies at once, as in a crash, with no shutdown hooks. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM, then SIGKILL if it has not exited after {@code grace}.
     *
     * @return true when the process ended by itself (or had already ended), false when it had to be killed
     */
    public boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        return false;
    }

    /** What this process wrote so far (not earlier runs appended to the same log). */
    public String readLog() {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(log)) {
            long size = ch.size();
            if (size <= logStart) {
                return "";
            }
            ch.position(logStart);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(size - logStart, 64L << 20));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // fill
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public String logTail(int lines) {
        List<String> all = readLog().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + (isAlive() ? "" : ", exited") + ")";
    }
}
