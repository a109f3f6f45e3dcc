package dev.walrusstream.schemas.registry;

import org.apache.avro.Schema;

import java.util.List;
import java.util.Optional;

/**
 * The operations of the Confluent schema-registry protocol that Walrus Stream uses. Every method either returns
 * what the registry answered or throws a {@link SchemaRegistryException}; nothing falls back silently.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The registration of {@code schema} under {@code subject}, if it is registered there. */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    /** The schema with global id {@code id}; {@link SchemaNotFoundException} when the registry has none. */
    Schema schemaById(int id);

    /** The latest version of {@code subject}; {@link SchemaNotFoundException} when the subject is unknown. */
    RegisteredSchema latest(String subject);

    /** All subjects. */
    List<String> subjects();

    /** Whether {@code schema} could be registered as the next version of {@code subject}. */
    CompatibilityResult checkCompatibility(String subject, Schema schema);

    /** The global compatibility level. */
    CompatibilityLevel compatibility();

    /** Sets the global compatibility level. */
    void setCompatibility(CompatibilityLevel level);

    /** Sets the compatibility level of one subject. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Where this registry lives (for messages). */
    String baseUrl();
}
