package dev.walrusstream.app.cli;

import dev.walrusstream.ingest.CloseMarkers;
import dev.walrusstream.ingest.DatasetRef;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code walrus-stream dataset close}: closes a dataset version for producers that are not {@code ingest}. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Dataset versions on the chunk topic.",
        subcommands = DatasetCommand.Close.class)
public final class DatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: close");
    }

    /** Writes a close marker to every partition of the chunk topic. */
    @Command(name = "close", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Close a dataset version: write its close marker to every partition of the chunk topic "
                    + "(docs/dataset-manifests.md). The encode job stores the version's final manifest once every "
                    + "upload sent before the marker is certified.",
                    "Run it after your producer's uploads of the version were acknowledged. Prints the marker id."})
    public static final class Close implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProducerOptions producer;

        @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset name.")
        String dataset;

        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "Dataset version.")
        String version;

        @Override
        public Integer call() throws Exception {
            DatasetRef ref;
            try {
                ref = new DatasetRef(dataset, version);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            IngestSettings settings = producer.settings().build();
            PrintWriter out = spec.commandLine().getOut();
            try (KafkaChunkSink sink = KafkaChunkSink.create(producer.bootstrap(),
                    new SchemaRegistryClient(producer.registryConfig()), settings)) {
                CloseMarkers.Sent sent = sink.closeVersion(ref);
                out.println(sent.markerId() + "\t" + dataset + "\t" + version + "\t" + sent.partitions()
                        + " partition(s)\t" + settings.topic());
                out.flush();
                return 0;
            }
        }
    }
}
