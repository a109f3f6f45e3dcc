package dev.walrusstream.schemas.registry;

import org.apache.avro.Schema;

/** How a subject is derived from a topic and a schema (Confluent's three strategies). */
@FunctionalInterface
public interface SubjectNameStrategy {

    /** {@code <topic>-value} (or {@code -key}): the default. */
    SubjectNameStrategy TOPIC_NAME = (topic, isKey, schema) -> topic + (isKey ? "-key" : "-value");

    /** The record's full name, whatever the topic. */
    SubjectNameStrategy RECORD_NAME = (topic, isKey, schema) -> schema.getFullName();

    /** {@code <topic>-<record full name>}. */
    SubjectNameStrategy TOPIC_RECORD_NAME = (topic, isKey, schema) -> topic + "-" + schema.getFullName();

    String subject(String topic, boolean isKey, Schema schema);

    /** The subject of values of {@code topic} under the topic-name strategy. */
    static String valueSubject(String topic) {
        return TOPIC_NAME.subject(topic, false, null);
    }
}
