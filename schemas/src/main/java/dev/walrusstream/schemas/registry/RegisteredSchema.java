package dev.walrusstream.schemas.registry;

import org.apache.avro.Schema;

import java.util.Objects;

/**
 * A schema as registered under a subject.
 *
 * @param subject the subject
 * @param id      the global schema id (what the wire format carries)
 * @param version the version within the subject
 * @param schema  the parsed schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
