package dev.walrusstream.schemas.registry;

/** Compatibility levels of the Confluent schema-registry protocol. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Parses a level as the registry spells it; names the bad value otherwise. */
    public static CompatibilityLevel parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + value + "', expected one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
