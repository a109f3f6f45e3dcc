package dev.walrusstream.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pinned Node project's {@code node:test} suite (the interoperability suites under {@code interop/}):
 * checks that Node ≥ 20 and npm are on the PATH, installs the locked packages with {@code npm ci} when
 * {@code node_modules} is missing, then runs {@code node --test} with the given environment. A missing or
 * too old tool is a failure naming it, never a skip.
 */
public final class NodeSuite {
    /** Oldest Node major the suites run on. */
    static final int MIN_NODE_MAJOR = 20;

    public record Result(int exit, String output, Path log) {
    }

    private final Path project;
    private final String searchPath;

    private NodeSuite(Path project, String searchPath) {
        this.project = project;
        this.searchPath = searchPath;
    }

    /** The project at {@code interop/<name>} of this repository, found upward from the working directory. */
    public static NodeSuite interop(String name) {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path p = d.resolve("interop").resolve(name);
            if (Files.isRegularFile(p.resolve("package.json"))) {
                return new NodeSuite(p, System.getenv().getOrDefault("PATH", ""));
            }
        }
        throw new IllegalStateException("no interop/" + name + "/package.json above " + dir);
    }

    Path project() {
        return project;
    }

    /** The same project with tools looked up on {@code path} (a PATH value) instead of this process's PATH. */
    NodeSuite withSearchPath(String path) {
        return new NodeSuite(project, path);
    }

    /** Fails naming Node or npm when either is missing or Node is older than {@value #MIN_NODE_MAJOR}. */
    public void requireTools() throws IOException, InterruptedException {
        String node = version("node", "Node.js ≥ " + MIN_NODE_MAJOR + " (https://nodejs.org, or apt-get install nodejs)");
        int major;
        try {
            major = Integer.parseInt(node.replaceFirst("^v", "").split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read the Node.js version from 'node --version': '" + node + "'");
        }
        if (major < MIN_NODE_MAJOR) {
            throw new IllegalStateException("the Walrus SDK interoperability suite needs Node.js ≥ " + MIN_NODE_MAJOR
                    + "; 'node --version' says " + node);
        }
        version("npm", "npm (it comes with Node.js; apt-get install npm)");
    }

    /**
     * {@code npm ci} (the locked versions, install scripts off) when {@code node_modules} is missing or older
     * than {@code package-lock.json} (npm's own record of what it installed, {@code node_modules/.package-lock.json}).
     */
    public void installIfMissing(Duration timeout) throws IOException, InterruptedException {
        Path installed = project.resolve("node_modules").resolve(".package-lock.json");
        if (Files.isRegularFile(installed) && !Files.getLastModifiedTime(installed).toInstant()
                .isBefore(Files.getLastModifiedTime(project.resolve("package-lock.json")).toInstant())) {
            return;
        }
        Result r = run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), Map.of(), timeout, "npm-ci");
        if (r.exit() != 0) {
            throw new IllegalStateException("'npm ci' in " + project + " failed (exit " + r.exit() + "); log "
                    + r.log() + ":\n" + tail(r.output()));
        }
    }

    /** {@code node --test} over the project's {@code test/} files, one file at a time, with {@code env} added. */
    Result test(Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1",
                "--test-reporter=spec"));
        try (var files = Files.list(project.resolve("test"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".test.mjs")).sorted()
                    .forEach(f -> cmd.add(project.relativize(f).toString()));
        }
        return run(cmd, env, timeout, "node-test");
    }

    /** {@code node --test} over one file of the project ({@code relative}, e.g. {@code scenarios/x.test.mjs}). */
    public Result testFile(String relative, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(project.resolve(relative))) {
            throw new IllegalArgumentException("no test file " + relative + " in " + project);
        }
        return run(List.of("node", "--test", "--test-reporter=spec", relative), env, timeout, "node-test");
    }

    /** {@code node <relative> <args…>}: runs one script of the project (e.g. {@code browser/build.mjs}) from its directory. */
    public Result script(String relative, List<String> args, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(project.resolve(relative))) {
            throw new IllegalArgumentException("no script " + relative + " in " + project);
        }
        List<String> cmd = new ArrayList<>(List.of("node", relative));
        cmd.addAll(args);
        return run(cmd, Map.of(), timeout, "node-script");
    }

    /** The figure of node's spec reporter summary line {@code ℹ <word> N}; fails when the line is missing. */
    public static int count(String output, String word) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ℹ " + word + " (\\d+)$").matcher(output);
        if (!m.find()) {
            throw new AssertionError("no '" + word + "' count in the node --test output:\n" + output);
        }
        return Integer.parseInt(m.group(1));
    }

    private Result run(List<String> cmd, Map<String, String> env, Duration timeout, String logName)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(logName + "-", ".log");
        List<String> resolved = new ArrayList<>(cmd);
        resolved.set(0, executable(cmd.get(0)).map(Path::toString).orElse(cmd.get(0)));
        ProcessBuilder pb = new ProcessBuilder(resolved).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PATH", searchPath);
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("'" + String.join(" ", cmd) + "' in " + project + " did not finish in "
                    + timeout + "; log " + log + ":\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }

    private Optional<Path> executable(String tool) {
        for (String d : searchPath.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool)) && !Files.isDirectory(Path.of(d, tool))) {
                return Optional.of(Path.of(d, tool));
            }
        }
        return Optional.empty();
    }

    private String version(String tool, String what) throws InterruptedException {
        Path exe = executable(tool).orElseThrow(() -> new IllegalStateException("'" + tool + "' is not on the PATH ("
                + searchPath + "); the Walrus SDK interoperability suite in " + project + " needs " + what));
        try {
            ProcessBuilder pb = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true);
            pb.environment().put("PATH", searchPath);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("'" + tool + " --version' failed: " + out + "; the Walrus SDK "
                        + "interoperability suite in " + project + " needs " + what);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("'" + exe + " --version' cannot run (" + e.getMessage() + "); the Walrus SDK "
                    + "interoperability suite in " + project + " needs " + what);
        }
    }

    public static String tail(String text) {
        return text.length() <= 12_000 ? text : "…" + text.substring(text.length() - 12_000);
    }
}
