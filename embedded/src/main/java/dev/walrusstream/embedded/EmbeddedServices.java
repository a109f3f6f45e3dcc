package dev.walrusstream.embedded;

import dev.walrusstream.schemas.DefaultTopics;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embedded Kafka broker and schema registry together, started concurrently (the registry JVM boots while the
 * broker formats and starts). For tests: {@link #shared()} gives one instance per JVM, stopped at JVM exit; use
 * topic names unique to the test.
 */
public final class EmbeddedServices implements AutoCloseable {
    private static EmbeddedServices shared;

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final long startupMillis;

    private EmbeddedServices(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, long startupMillis) {
        this.kafka = kafka;
        this.registry = registry;
        this.startupMillis = startupMillis;
    }

    public static EmbeddedServices start() {
        return start(KafkaSettings.defaults(), RegistrySettings.defaults());
    }

    public static EmbeddedServices start(KafkaSettings kafkaSettings, RegistrySettings registrySettings) {
        long t0 = System.nanoTime();
        CompletableFuture<EmbeddedSchemaRegistry> registry =
                CompletableFuture.supplyAsync(() -> EmbeddedSchemaRegistry.start(registrySettings));
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(kafkaSettings);
        } catch (RuntimeException e) {
            registry.thenAccept(EmbeddedSchemaRegistry::close);
            throw e;
        }
        try {
            EmbeddedSchemaRegistry r = registry.join();
            return new EmbeddedServices(kafka, r, (System.nanoTime() - t0) / 1_000_000);
        } catch (CompletionException e) {
            kafka.close();
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /**
     * One instance per JVM, started on first use and stopped by a shutdown hook: test classes (and modules) share
     * the start-up cost.
     */
    public static synchronized EmbeddedServices shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-services-shutdown"));
        }
        return shared;
    }

    /** Creates the pipeline's topics with {@code partitions} partitions each. */
    public void createDefaultTopics(int partitions) {
        kafka.createTopics(List.of(
                new TopicSpec(DefaultTopics.CHUNKS, partitions, Map.of()),
                new TopicSpec(DefaultTopics.RECEIPTS, partitions, Map.of()),
                new TopicSpec(DefaultTopics.DEAD_LETTERS, partitions, Map.of()),
                new TopicSpec(DefaultTopics.MANIFESTS, 1, Map.of())));
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Confluent-compatible registry URL for {@code --registry}. */
    public String registryUrl() {
        return registry.baseUrl();
    }

    public SchemaRegistryClient registryClient() {
        return registry.client();
    }

    /** Wall-clock milliseconds until both were ready. */
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
