package dev.walrusstream.sui.rpc;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a Sui full node serves gRPC: host, port, TLS on or off, an optional PEM file of trusted
 * certificates (default: the JVM's trust store), and extra request headers (e.g. a provider's
 * {@code x-token}). Plaintext is accepted for loopback hosts only, unless explicitly allowed.
 */
public record SuiEndpoint(String host, int port, boolean tls, Optional<Path> trustCertificates,
                          Map<String, String> headers) {
    public static final int DEFAULT_TLS_PORT = 443;
    public static final int DEFAULT_PLAINTEXT_PORT = 9000;

    public SuiEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Sui endpoint host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Sui endpoint port " + port + " is outside 1..65535");
        }
        Objects.requireNonNull(trustCertificates, "trustCertificates");
        if (!tls && trustCertificates.isPresent()) {
            throw new IllegalArgumentException("trust certificates given for a plaintext endpoint " + host + ":" + port);
        }
        headers = Map.copyOf(new TreeMap<>(headers));
        for (String name : headers.keySet()) {
            if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isBlank()) {
                throw new IllegalArgumentException("header name '" + name + "' must be non-empty lower case");
            }
        }
    }

    /** {@code https://host[:port]} (TLS, default port 443) or {@code http://host[:port]} (loopback only). */
    public static SuiEndpoint parse(String url) {
        return parse(url, false);
    }

    public static SuiEndpoint parse(String url, boolean allowPlaintextRemote) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("Sui full node URL '" + url + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("Sui full node URL '" + url + "' must start with https:// (or http:// "
                    + "for a local node)");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("Sui full node URL '" + url + "' has no host");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException("Sui full node URL '" + url + "' has a path; gRPC needs host and port only");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? DEFAULT_TLS_PORT : DEFAULT_PLAINTEXT_PORT;
        if (!tls && !allowPlaintextRemote && !isLoopback(host)) {
            throw new IllegalArgumentException("plaintext http:// is only allowed for loopback hosts, not '" + host
                    + "'; use https:// or allow plaintext explicitly");
        }
        return new SuiEndpoint(host, port, tls, Optional.empty(), Map.of());
    }

    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    public SuiEndpoint withHeader(String name, String value) {
        Map<String, String> copy = new TreeMap<>(headers);
        copy.put(name.toLowerCase(Locale.ROOT), value);
        return new SuiEndpoint(host, port, tls, trustCertificates, copy);
    }

    public SuiEndpoint withTrustCertificates(Path pemFile) {
        return new SuiEndpoint(host, port, tls, Optional.of(pemFile), headers);
    }

    /** The URL form; header values (often access tokens) are not shown. */
    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + host + ":" + port + (headers.isEmpty() ? "" : " headers " + headers.keySet());
    }
}
