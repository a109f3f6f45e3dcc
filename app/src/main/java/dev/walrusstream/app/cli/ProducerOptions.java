package dev.walrusstream.app.cli;

import dev.walrusstream.ingest.ByteSize;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.schemas.DefaultTopics;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where chunks go and how they are cut: shared by {@code ingest} and {@code publisher}. */
public final class ProducerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--registry", required = true, paramLabel = "URL",
            description = "Confluent-compatible schema registry, e.g. http://localhost:8081 or "
                    + "http://localhost:8080/apis/ccompat/v7 (Apicurio).")
    String registry;

    @Option(names = "--topic", defaultValue = DefaultTopics.CHUNKS, paramLabel = "TOPIC",
            description = "Chunk topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--chunk-size", defaultValue = "512KiB", paramLabel = "SIZE",
            description = "Bytes per chunk, 1KiB..8MiB (default: ${DEFAULT-VALUE}; fits Kafka's stock 1 MiB "
                    + "record limit).")
    String chunkSize;

    @Option(names = "--compression", defaultValue = "lz4", paramLabel = "CODEC",
            description = "Producer compression: none, gzip, snappy, lz4, zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    /** The settings builder with these options applied; bad values are usage errors naming the value. */
    IngestSettings.Builder settings() {
        try {
            return IngestSettings.builder().topic(topic).chunkSize(ByteSize.parse(chunkSize))
                    .compression(compression);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    RegistryClientConfig registryConfig() {
        try {
            return RegistryClientConfig.of(registry);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage(), e);
        }
    }
}
