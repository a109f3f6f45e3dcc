package dev.walrusstream.embedded;

import java.util.Map;
import java.util.Objects;

/**
 * A topic to create.
 *
 * @param name       topic name
 * @param partitions partition count (at least 1)
 * @param config     topic configuration, for example {@code max.message.bytes}
 */
public record TopicSpec(String name, int partitions, Map<String, String> config) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, got "
                    + partitions);
        }
        config = Map.copyOf(config);
    }

    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }
}
