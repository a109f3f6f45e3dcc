package dev.walrusstream.app.cli;

import dev.walrusstream.embedded.EmbeddedServices;
import dev.walrusstream.embedded.KafkaSettings;
import dev.walrusstream.embedded.RegistrySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code walrus-stream services}: only the embedded Kafka broker and schema registry, until Ctrl-C. */
@Command(name = "services", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the embedded infrastructure on loopback: a Kafka broker (KRaft, in this JVM) and a schema "
                + "registry (Apicurio, a child JVM), with the pipeline's topics created. Prints the addresses for "
                + "--bootstrap and --registry, then runs until Ctrl-C."})
public final class ServicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep Kafka's records (DIR/kafka) and the registry's schemas (DIR/registry) across runs "
                    + "(default: temporary, removed at exit).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "PORT",
            description = "Kafka port (default: a free port).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "0", paramLabel = "PORT",
            description = "Schema registry port (default: a free port).")
    int registryPort;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "Partitions of the created topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        KafkaSettings kafka = KafkaSettings.defaults().withBrokerPort(kafkaPort)
                .withDataDir(dataDir == null ? null : dataDir.resolve("kafka"));
        RegistrySettings registry = RegistrySettings.defaults().withPort(registryPort)
                .withDataDir(dataDir == null ? null : dataDir.resolve("registry"));
        EmbeddedServices services = EmbeddedServices.start(kafka, registry);
        services.createDefaultTopics(partitions);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            stopped.countDown();
        }, "services-shutdown"));
        out.println("kafka     " + services.bootstrapServers() + "   (started in " + services.kafka().startupMillis()
                + " ms)");
        out.println("registry  " + services.registryUrl() + "   (started in " + services.registry().startupMillis()
                + " ms, pid " + services.registry().pid() + ")");
        out.println("topics    walrus.chunks, walrus.receipts, walrus.dlq (" + partitions + " partitions), "
                + "walrus.manifests");
        out.println();
        out.println("try:  ./walrus-stream ingest --bootstrap " + services.bootstrapServers() + " --registry "
                + services.registryUrl() + " PATH...");
        out.println("Ctrl-C stops both.");
        out.flush();
        stopped.await();
        return 0;
    }
}
