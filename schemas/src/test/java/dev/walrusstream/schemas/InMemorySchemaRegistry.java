package dev.walrusstream.schemas;

import dev.walrusstream.schemas.registry.CompatibilityLevel;
import dev.walrusstream.schemas.registry.CompatibilityResult;
import dev.walrusstream.schemas.registry.RegisteredSchema;
import dev.walrusstream.schemas.registry.SchemaNotFoundException;
import dev.walrusstream.schemas.registry.SchemaRegistry;
import org.apache.avro.Schema;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A registry in memory for unit tests of the wire format (no compatibility rules). */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private int next = 1;
    public int lookups;

    @Override
    public synchronized int register(String subject, Schema schema) {
        Optional<RegisteredSchema> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        int id = byId.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey)
                .findFirst().orElseGet(() -> next++);
        byId.put(id, schema);
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        List<Integer> ids = subjects.getOrDefault(subject, List.of());
        for (int i = 0; i < ids.size(); i++) {
            if (byId.get(ids.get(i)).equals(schema)) {
                return Optional.of(new RegisteredSchema(subject, ids.get(i), i + 1, schema));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized Schema schemaById(int id) {
        lookups++;
        Schema s = byId.get(id);
        if (s == null) {
            throw new SchemaNotFoundException("no schema id " + id, URI.create(baseUrl()), null, 404, 40403);
        }
        return s;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null) {
            throw new SchemaNotFoundException("no subject " + subject, URI.create(baseUrl()), subject, 404, 40401);
        }
        int id = ids.get(ids.size() - 1);
        return new RegisteredSchema(subject, id, ids.size(), byId.get(id));
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        return new CompatibilityResult(true, List.of());
    }

    @Override
    public CompatibilityLevel compatibility() {
        return CompatibilityLevel.NONE;
    }

    @Override
    public void setCompatibility(CompatibilityLevel level) {
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
    }

    @Override
    public String baseUrl() {
        return "memory://registry";
    }
}
