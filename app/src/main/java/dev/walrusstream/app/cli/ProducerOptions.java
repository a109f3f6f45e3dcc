package dev.walrusstream.app.cli;

import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.schemas.DefaultTopics;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where chunks go and how they are cut: shared by {@code ingest} and {@code publisher}. */
public final class ProducerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The encode job's properties file: its kafka.bootstrap, registry.url and topic.chunks are "
                    + "used where --bootstrap, --registry and --topic are not given.")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (required unless --config gives kafka.bootstrap).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Confluent-compatible schema registry, e.g. http://localhost:8081 or "
                    + "http://localhost:8080/apis/ccompat/v7 (Apicurio) (required unless --config gives registry.url).")
    String registry;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Chunk topic (default: topic.chunks of --config, else " + DefaultTopics.CHUNKS + ").")
    String topic;

    private boolean resolved;

    /**
     * Fills --bootstrap, --registry and --topic from --config where they were not given; a missing
     * address is a usage error that names both ways to give it.
     */
    void resolve() {
        if (resolved) {
            return;
        }
        Properties file = new Properties();
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config)) {
                file.load(r);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--config: cannot read " + config + ": " + e.getMessage(), e);
            }
        }
        bootstrap = pick(bootstrap, file, "kafka.bootstrap", "--bootstrap");
        registry = pick(registry, file, "registry.url", "--registry");
        topic = topic != null ? topic : file.getProperty("topic.chunks", DefaultTopics.CHUNKS).strip();
        resolved = true;
    }

    private String pick(String given, Properties file, String key, String option) {
        if (given != null) {
            return given;
        }
        String v = file.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Missing " + option + " (or --config FILE with " + key
                    + (config == null ? ")" : "; " + config + " has none)"));
        }
        return v.strip();
    }

    /** Kafka bootstrap servers, from --bootstrap or --config. */
    String bootstrap() {
        resolve();
        return bootstrap;
    }

    @Option(names = "--chunk-size", defaultValue = "512KiB", paramLabel = "SIZE",
            description = "Bytes per chunk, 1KiB..8MiB (default: ${DEFAULT-VALUE}; fits Kafka's stock 1 MiB "
                    + "record limit).")
    String chunkSize;

    @Option(names = "--compression", defaultValue = "lz4", paramLabel = "CODEC",
            description = "Producer compression: none, gzip, snappy, lz4, zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    /** The settings builder with these options applied; bad values are usage errors naming the value. */
    IngestSettings.Builder settings() {
        resolve();
        try {
            return IngestSettings.builder().topic(topic).chunkSize(ByteSize.parse(chunkSize))
                    .compression(compression);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    RegistryClientConfig registryConfig() {
        resolve();
        try {
            return RegistryClientConfig.of(registry);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage(), e);
        }
    }
}
