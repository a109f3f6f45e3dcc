package dev.walrusstream.schemas.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link SchemaRegistryClient}. Serializable so that a Flink operator can carry it and build its
 * client in {@code open()}.
 *
 * @param baseUrl        the Confluent-compatible API root, for example {@code http://localhost:8081} (Confluent,
 *                       Karapace, Redpanda) or {@code http://localhost:8080/apis/ccompat/v7} (Apicurio)
 * @param connectTimeout TCP connect timeout per attempt
 * @param requestTimeout whole-request timeout per attempt
 * @param attempts       attempts per request when the registry is unreachable or answers 5xx (1 = no retry)
 * @param retryBackoff   pause between attempts
 * @param cacheCapacity  schemas kept per cache (id to schema, subject and schema to id)
 */
public record RegistryClientConfig(URI baseUrl, Duration connectTimeout, Duration requestTimeout, int attempts,
                                   Duration retryBackoff, int cacheCapacity) implements Serializable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(250);
    public static final int DEFAULT_CACHE_CAPACITY = 1000;
    public static final int MAX_ATTEMPTS = 20;

    public RegistryClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("schema registry URL must be http(s)://host[:port][/path], got '"
                    + baseUrl + "'");
        }
        String s = baseUrl.toString();
        if (s.endsWith("/")) {
            baseUrl = URI.create(s.substring(0, s.length() - 1));
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("attempts must be in 1.." + MAX_ATTEMPTS + ", got " + attempts);
        }
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException("cacheCapacity must be positive, got " + cacheCapacity);
        }
    }

    /** Defaults for {@code url}; names the URL when it is not one. */
    public static RegistryClientConfig of(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a schema registry URL: '" + url + "'", e);
        }
        return new RegistryClientConfig(uri, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_ATTEMPTS,
                DEFAULT_RETRY_BACKOFF, DEFAULT_CACHE_CAPACITY);
    }

    public RegistryClientConfig withAttempts(int attempts) {
        return new RegistryClientConfig(baseUrl, connectTimeout, requestTimeout, attempts, retryBackoff,
                cacheCapacity);
    }

    public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
        return new RegistryClientConfig(baseUrl, connect, request, attempts, retryBackoff, cacheCapacity);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
