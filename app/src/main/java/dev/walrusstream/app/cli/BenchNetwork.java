package dev.walrusstream.app.cli;

import dev.walrusstream.app.Main;
import dev.walrusstream.app.stack.ProcessCpu;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.deploy.local.Launcher;
import dev.walrusstream.deploy.local.LocalDeployment;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.embedded.process.ChildJvm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The storage network {@code bench net} stores on: a temporary one in this JVM, a temporary one in a JVM of
 * its own, or a running one named by {@code --config}. Only the second has a process this benchmark can
 * measure apart from its own.
 */
sealed interface BenchNetwork extends AutoCloseable {
    /** How long a network in its own JVM may take to start (its heap pre-touched first, as this one's). */
    Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** Its client configuration. */
    ClientConfig clientConfig();

    /** The client options to store with: a temporary network's are the defaults. */
    default ClientOptions options() {
        return ClientOptions.DEFAULTS;
    }

    /** The network's own process on this machine, when it has one: its CPU is not in this JVM's. */
    default Optional<ProcessCpu> ownProcess() {
        return Optional.empty();
    }

    @Override
    void close() throws IOException;

    /** A running network, elsewhere or in another process this benchmark did not start. */
    record Existing(ClientConfig clientConfig) implements BenchNetwork {
        @Override
        public ClientOptions options() {
            return clientConfig.options();
        }

        @Override
        public void close() {
        }
    }

    /** A temporary network in this JVM: its nodes' CPU is part of this process's. */
    record InThisJvm(Path dir, LocalNetwork network, ClientConfig clientConfig) implements BenchNetwork {
        static InThisJvm start(int nodes, int shards) throws Exception {
            Path dir = Files.createTempDirectory("walrus-stream-bench");
            LocalNetwork network = null;
            try {
                network = LocalNetwork.init(dir, nodes, shards, "127.0.0.1").start();
                return new InThisJvm(dir, network, ClientConfig.read(network.clientConfig()));
            } catch (Exception e) {
                // a network that started is stopped before its directory goes
                closeThenDelete(network != null ? network::close : () -> { }, dir);
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            closeThenDelete(network::close, dir);
        }
    }

    /**
     * A temporary network ({@code walrus-stream net start}: LocalChain and every node) in a child JVM
     * started with this JVM's options, so that the nodes run as they would here, and their CPU is counted
     * apart from the client's.
     */
    record OwnJvm(Path dir, ChildJvm jvm, ClientConfig clientConfig) implements BenchNetwork {
        static OwnJvm start(int nodes, int shards) throws IOException {
            Path dir = Files.createTempDirectory("walrus-stream-bench");
            ChildJvm jvm = null;
            try {
                Path net = dir.resolve("network");
                jvm = ChildJvm.builder("network", dir)
                        .classpath(LocalDeployment.Classpaths.currentJvm())
                        .jvmOptions(childOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()))
                        .mainClass(Main.class.getName())
                        .args("net", "start", "--dir", net.toString(), "--nodes", Integer.toString(nodes),
                                "--shards", Integer.toString(shards))
                        .start()
                        .awaitLog(Launcher.READY, START_TIMEOUT);
                return new OwnJvm(dir, jvm, ClientConfig.read(net.resolve(LocalNetwork.CLIENT_CONFIG)));
            } catch (IOException | RuntimeException e) {
                if (jvm != null) {
                    jvm.kill();
                }
                TempDirs.delete(dir);
                throw e;
            }
        }

        /**
         * This JVM's options for the child, without those that cannot be shared by two JVMs or belong to
         * this one alone: agents (a debugger's port, a coverage file) and flight recordings.
         */
        static List<String> childOptions(List<String> mine) {
            List<String> out = new ArrayList<>();
            for (String o : mine) {
                if (!(o.startsWith("-agentlib:") || o.startsWith("-agentpath:") || o.startsWith("-javaagent:")
                        || o.startsWith("-Xrunjdwp") || o.startsWith("-XX:StartFlightRecording")
                        || o.startsWith("-XX:FlightRecorderOptions"))) {
                    out.add(o);
                }
            }
            return out;
        }

        @Override
        public Optional<ProcessCpu> ownProcess() {
            return Optional.of(new ProcessCpu(jvm.pid()));
        }

        @Override
        public void close() throws IOException {
            closeThenDelete(jvm::close, dir);
        }
    }

    /** Stops what runs in {@code dir}, then deletes it, even when stopping fails. */
    private static void closeThenDelete(Runnable close, Path dir) throws IOException {
        try {
            close.run();
        } finally {
            TempDirs.delete(dir);
        }
    }
}
