package dev.walrusstream.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.Address;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.local.RemoteChain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client configuration file, as {@code walrus-stream net start} writes it:
 * <pre>{@code
 * { "chain": { "kind": "local", "url": "http://127.0.0.1:9100" },
 *   "account": "0x…",
 *   "client": { "maxConcurrentRequests": 64, "perNodeConcurrency": 8, "requestTimeoutMillis": 10000,
 *               "minThroughputBytesPerSecond": 1048576, "retries": 3, "retryBackoffMillis": 200,
 *               "confirmationWaitMillis": 10000, "maxExtraUploadTimeMillis": 10000 } }
 * }</pre>
 * {@code client} is optional, as is each of its fields. Storage nodes are not listed: their
 * addresses come from the chain's committee, as in Walrus.
 */
public record ClientConfig(String chainKind, String chainUrl, Address account, ClientOptions options) {

    public static ClientConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no client configuration at " + file + " (walrus-stream net start writes one as "
                    + "DIR/client.json)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("client configuration " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        return of(root, file.toString());
    }

    /**
     * Parses a configuration given as JSON text (how the pipeline ships it to task managers, which
     * may not see the file); {@code source} names it in errors.
     */
    public static ClientConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("client configuration " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return of(root, source);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ClientConfig of(JsonNode root, String file) throws IOException {
        JsonNode chain = root.path("chain");
        String kind = chain.path("kind").asText("local");
        String url = chain.path("url").asText(null);
        if (url == null) {
            throw new IOException("client configuration " + file + " has no chain.url");
        }
        Address account = null;
        if (root.hasNonNull("account")) {
            try {
                account = Address.parse(root.get("account").asText());
            } catch (IllegalArgumentException e) {
                throw new IOException("client configuration " + file + ": account: " + e.getMessage(), e);
            }
        }
        ClientOptions d = ClientOptions.DEFAULTS;
        JsonNode c = root.path("client");
        ClientOptions options = new ClientOptions(
                c.path("maxConcurrentRequests").asInt(d.maxConcurrentRequests()),
                c.path("perNodeConcurrency").asInt(d.perNodeConcurrency()),
                Duration.ofMillis(c.path("requestTimeoutMillis").asLong(d.requestTimeout().toMillis())),
                c.path("minThroughputBytesPerSecond").asLong(d.minThroughputBytesPerSecond()),
                c.path("retries").asInt(d.retries()),
                Duration.ofMillis(c.path("retryBackoffMillis").asLong(d.retryBackoff().toMillis())),
                Duration.ofMillis(c.path("confirmationWaitMillis").asLong(d.confirmationWait().toMillis())),
                Duration.ofMillis(c.path("maxExtraUploadTimeMillis").asLong(d.maxExtraUploadTime().toMillis())));
        return new ClientConfig(kind, url, account, options);
    }

    /** The chain this configuration points at. */
    public Chain openChain() {
        if (!chainKind.equals("local")) {
            throw new IllegalArgumentException("chain kind '" + chainKind + "' is not supported by this build; "
                    + "only 'local' (LocalChain, a development ledger, not Sui) is");
        }
        return new RemoteChain(chainUrl, account);
    }
}
