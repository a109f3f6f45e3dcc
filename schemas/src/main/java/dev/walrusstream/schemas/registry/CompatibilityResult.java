package dev.walrusstream.schemas.registry;

import java.util.List;

/**
 * Outcome of a compatibility check of a schema against the latest version of a subject.
 *
 * @param compatible whether the registry would accept the schema as a new version
 * @param messages   the registry's explanation (empty when it gave none)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
