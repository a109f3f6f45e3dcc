package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.SuiAddress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which chain to open and how: the {@code kind} that picks a {@link ChainProvider}, the endpoint
 * {@code url} (for Sui, the network name or full node URL), the {@code account} to act for (null:
 * the provider's own notion, for instance a key among the settings) and the provider's own
 * {@code settings} (for Sui, {@code sui.*} keys).
 */
public record ChainSpec(String kind, String url, SuiAddress account, Map<String, String> settings) {
    public ChainSpec {
        Objects.requireNonNull(kind, "kind");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("chain kind must not be blank");
        }
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
