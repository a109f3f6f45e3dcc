package dev.walrusstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.schemas.internal.BoundedCache;
import dev.walrusstream.schemas.internal.RegistryHttp;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client for the Confluent schema-registry REST protocol (Confluent Schema Registry, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace, Redpanda) over {@code java.net.http} and Jackson. Caches id to schema and
 * (subject, schema) to id; ids are immutable in the protocol, so cached entries never go stale. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {
    private final RegistryClientConfig config;
    private final RegistryHttp http;
    private final BoundedCache<Integer, Schema> byId;
    private final BoundedCache<SubjectSchema, Integer> idBySubjectSchema;

    private record SubjectSchema(String subject, Schema schema) {
    }

    public SchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        this.http = new RegistryHttp(config);
        this.byId = new BoundedCache<>(config.cacheCapacity());
        this.idBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
    }

    /** A client with default settings for {@code url}. */
    public static SchemaRegistryClient of(String url) {
        return new SchemaRegistryClient(RegistryClientConfig.of(url));
    }

    public RegistryClientConfig config() {
        return config;
    }

    @Override
    public String baseUrl() {
        return config.baseUrl().toString();
    }

    @Override
    public int register(String subject, Schema schema) {
        return idBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = http.send("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schema),
                    subject);
            int id = requireInt(answer, "id", subject);
            byId.put(id, schema);
            return id;
        });
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = http.send("POST", "/subjects/" + segment(subject), schemaBody(schema), subject);
        } catch (SchemaNotFoundException e) {
            return Optional.empty();
        }
        RegisteredSchema registered = registered(answer, subject);
        idBySubjectSchema.put(new SubjectSchema(subject, schema), registered.id());
        return Optional.of(registered);
    }

    @Override
    public Schema schemaById(int id) {
        return byId.computeIfAbsent(id, key -> {
            JsonNode answer = http.get("/schemas/ids/" + id, null);
            requireAvro(answer, "schema id " + id);
            return parse(requireText(answer, "schema", null), "schema id " + id);
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(http.get("/subjects/" + segment(subject) + "/versions/latest", subject), subject);
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = http.get("/subjects", null);
        List<String> out = new ArrayList<>();
        answer.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = http.send("POST", "/compatibility/subjects/" + segment(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema), subject);
        } catch (SchemaNotFoundException e) {
            // no version yet: anything can be registered as the first one
            return new CompatibilityResult(true, List.of("subject " + subject + " has no versions yet"));
        }
        if (!answer.has("is_compatible")) {
            throw new SchemaRegistryException("schema registry " + baseUrl() + " answered a compatibility check for "
                    + subject + " without is_compatible: " + answer, URI.create(baseUrl()), subject, 200, 0, null);
        }
        List<String> messages = new ArrayList<>();
        JsonNode m = answer.has("messages") ? answer.get("messages") : answer.get("reason");
        if (m != null && m.isArray()) {
            m.forEach(x -> messages.add(x.asText()));
        } else if (m != null && !m.isNull()) {
            messages.add(m.asText());
        }
        return new CompatibilityResult(answer.get("is_compatible").asBoolean(), messages);
    }

    @Override
    public CompatibilityLevel compatibility() {
        JsonNode answer = http.get("/config", null);
        JsonNode level = answer.has("compatibilityLevel") ? answer.get("compatibilityLevel")
                : answer.get("compatibility");
        if (level == null) {
            throw new SchemaRegistryException("schema registry " + baseUrl() + " answered GET /config without a"
                    + " compatibility level: " + answer, URI.create(baseUrl()), null, 200, 0, null);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    @Override
    public void setCompatibility(CompatibilityLevel level) {
        http.send("PUT", "/config", levelBody(level), null);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        http.send("PUT", "/config/" + segment(subject), levelBody(level), subject);
    }

    private ObjectNode levelBody(CompatibilityLevel level) {
        return http.json().createObjectNode().put("compatibility", level.name());
    }

    private ObjectNode schemaBody(Schema schema) {
        return http.json().createObjectNode().put("schema", schema.toString());
    }

    private RegisteredSchema registered(JsonNode answer, String subject) {
        int id = requireInt(answer, "id", subject);
        int version = requireInt(answer, "version", subject);
        Schema schema = byId.computeIfAbsent(id, key -> parse(requireText(answer, "schema", subject),
                "subject " + subject + " id " + id));
        return new RegisteredSchema(answer.hasNonNull("subject") ? answer.get("subject").asText() : subject, id,
                version, schema);
    }

    private void requireAvro(JsonNode answer, String what) {
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw new SchemaRegistryException("schema registry " + baseUrl() + ": " + what + " is a "
                    + type.asText() + " schema, expected AVRO", URI.create(baseUrl()), null, 200, 0, null);
        }
    }

    private int requireInt(JsonNode answer, String field, String subject) {
        JsonNode n = answer == null ? null : answer.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw new SchemaRegistryException("schema registry " + baseUrl() + " answered without an integer '"
                    + field + "': " + answer, URI.create(baseUrl()), subject, 200, 0, null);
        }
        return n.asInt();
    }

    private String requireText(JsonNode answer, String field, String subject) {
        JsonNode n = answer == null ? null : answer.get(field);
        if (n == null || !n.isTextual()) {
            throw new SchemaRegistryException("schema registry " + baseUrl() + " answered without '" + field
                    + "': " + answer, URI.create(baseUrl()), subject, 200, 0, null);
        }
        return n.asText();
    }

    private Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema registry " + baseUrl() + " returned an unparsable Avro schema"
                    + " for " + what + ": " + e.getMessage(), URI.create(baseUrl()), null, 200, 0, e);
        }
    }

    /** Percent-encodes one path segment (subjects may contain anything). */
    static String segment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
