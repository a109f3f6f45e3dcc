package dev.walrusstream.app.cli;

import dev.walrusstream.schemas.DefaultTopics;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the encode job's receipts are: {@code --bootstrap}, {@code --registry} and {@code --topic}, each
 * falling back to the job's properties file ({@code --config}). Shared by the commands that read receipts.
 */
public final class ReceiptTopicOptions {
    /** The resolved receipt topic. */
    public record ReceiptTopic(String bootstrap, String registry, String topic) {
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The encode job's properties: kafka.bootstrap, registry.url and topic.receipts are used "
                    + "where the options below are not given.")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Confluent-compatible schema registry.")
    String registry;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Receipt topic (default: topic.receipts of "
            + "--config, else " + DefaultTopics.RECEIPTS + ").")
    String topic;

    /** The options, completed from {@code --config}; a missing one is a usage error naming it. */
    public ReceiptTopic resolve() {
        Properties file = new Properties();
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config)) {
                file.load(r);
            } catch (IOException e) {
                throw new ParameterException(mixee.commandLine(), "--config: cannot read " + config + ": " + e.getMessage(), e);
            }
        }
        return new ReceiptTopic(pick(bootstrap, file, "kafka.bootstrap", "--bootstrap"),
                pick(registry, file, "registry.url", "--registry"),
                topic != null ? topic : file.getProperty("topic.receipts", DefaultTopics.RECEIPTS).strip());
    }

    private String pick(String given, Properties file, String key, String option) {
        if (given != null) {
            return given;
        }
        String v = file.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new ParameterException(mixee.commandLine(), "Missing " + option + " (or --config FILE with " + key + ")");
        }
        return v.strip();
    }
}
