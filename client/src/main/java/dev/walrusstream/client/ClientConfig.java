package dev.walrusstream.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainProvider;
import dev.walrusstream.chain.ChainProviders;
import dev.walrusstream.chain.ChainSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client configuration file. LocalChain (a development ledger, as {@code walrus-stream net start}
 * writes it):
 * <pre>{@code
 * { "chain": { "kind": "local", "url": "http://127.0.0.1:9100" },
 *   "account": "0x…",
 *   "client": { "maxConcurrentRequests": 64, "perNodeConcurrency": 8, "requestTimeoutMillis": 10000,
 *               "minThroughputBytesPerSecond": 1048576, "retries": 3, "retryBackoffMillis": 200,
 *               "confirmationWaitMillis": 10000, "maxExtraUploadTimeMillis": 10000 } }
 * }</pre>
 * Sui (testnet, mainnet, or a full node URL such as {@code net start --chain sui-local}'s loopback
 * server):
 * <pre>{@code
 * { "chain": { "kind": "sui", "network": "testnet",
 *              "key": "keystore:/home/me/.sui/sui_config/sui.keystore#0x…",
 *              "systemObject": "0x…", "stakingObject": "0x…", "walCoinType": "0x…::wal::WAL",
 *              "settings": { "sui.events.start": "latest", "sui.header.x-token": "…" } } }
 * }</pre>
 * For Sui, {@code network} is {@code mainnet}, {@code testnet} (their Walrus objects and WAL type
 * are filled in) or a full node URL (then {@code systemObject}, {@code stakingObject} and
 * {@code walCoinType} are needed); {@code key} is {@code env:NAME}, {@code file:PATH} (relative to
 * this file), {@code keystore:PATH[#ADDRESS]} or a {@code suiprivkey1…}; {@code settings} takes any
 * {@code sui.*} setting of {@code SuiConfig} and {@code SuiChainOptions}. {@code client} is
 * optional, as is each of its fields. Storage nodes are not listed: their addresses come from the
 * chain's committee, as in Walrus.
 * <p>
 * The chain section is read and opened by the {@link ChainProvider} of its {@code kind}, found on the
 * class path through {@link ChainProviders}: {@code local} comes with the chain module, {@code sui}
 * with walrus-sui.
 */
public record ClientConfig(String chainKind, String chainUrl, SuiAddress account, ClientOptions options,
                           Map<String, String> chainSettings) {
    public static final String LOCAL = "local";
    public static final String SUI = "sui";

    public ClientConfig {
        chainSettings = chainSettings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(chainSettings));
    }

    /** A LocalChain configuration (no Sui settings). */
    public ClientConfig(String chainKind, String chainUrl, SuiAddress account, ClientOptions options) {
        this(chainKind, chainUrl, account, options, Map.of());
    }

    public static ClientConfig read(Path file) throws IOException {
        return of(tree(file), file.toString(), file);
    }

    /**
     * The file's JSON with its file-relative key paths made absolute: a self-contained text to ship
     * where the file's directory is not known (the pipeline's task managers), for {@link #parse}.
     */
    public static String readJson(Path file) throws IOException {
        JsonNode root = tree(file);
        JsonNode chain = root.path("chain");
        if (chain instanceof ObjectNode o) {
            provider(o.path("kind").asText(LOCAL), file.toString()).absolutePaths(o, file);
        }
        return new ObjectMapper().writeValueAsString(root);
    }

    private static JsonNode tree(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no client configuration at " + file + " (walrus-stream net start writes one as "
                    + "DIR/client.json)");
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("client configuration " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a configuration given as JSON text (how the pipeline ships it to task managers, which
     * may not see the file); {@code source} names it in errors. Relative key paths are relative to
     * the working directory; {@link #readJson} makes a file's absolute.
     */
    public static ClientConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("client configuration " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return of(root, source, null);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ClientConfig of(JsonNode root, String file, Path base) throws IOException {
        JsonNode chain = root.path("chain");
        String kind = chain.path("kind").asText(LOCAL);
        SuiAddress account = null;
        if (root.hasNonNull("account")) {
            try {
                account = SuiAddress.parse(root.get("account").asText());
            } catch (IllegalArgumentException e) {
                throw new IOException("client configuration " + file + ": account: " + e.getMessage(), e);
            }
        }
        ChainProvider provider = provider(kind, file);
        ChainSpec spec;
        try {
            spec = provider.read(chain, account, base == null ? null : base.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IOException("client configuration " + file + (m.startsWith(":") ? "" : " ") + m, e);
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
        ClientConfig config = new ClientConfig(kind, spec.url(), account, options, spec.settings());
        try {
            config.check(false);
        } catch (IllegalArgumentException e) {
            throw new IOException("client configuration " + file + ": chain: " + e.getMessage(), e);
        }
        return config;
    }

    private static ChainProvider provider(String kind, String file) throws IOException {
        try {
            return ChainProviders.of(kind);
        } catch (IllegalArgumentException e) {
            throw new IOException("client configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the chain provider of this configuration's kind opens. */
    public ChainSpec chainSpec() {
        return new ChainSpec(chainKind, chainUrl, account, chainSettings);
    }

    /**
     * Checks now, through the provider of the chain's kind, that the chain can be opened (read-only
     * when asked, or when no key is set: then no key is needed), naming what is missing or wrong.
     */
    public void check(boolean readOnly) {
        ChainProviders.of(chainKind).check(chainSpec(), readOnly);
    }

    /**
     * This configuration acting for another Sui key ({@code keySource} as {@code sui.key} takes it:
     * {@code file:PATH}, {@code env:NAME}, {@code suiprivkey1…}): a storage node follows its network's chain
     * but signs its own {@code epoch_sync_done}. Only for chain kind {@code sui}.
     */
    public ClientConfig withSuiKey(String keySource) {
        if (!SUI.equals(chainKind)) {
            throw new IllegalArgumentException("a Sui key only applies to chain kind 'sui', this configuration's chain "
                    + "is '" + chainKind + "' at " + chainUrl);
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>(chainSettings);
        settings.put("sui.key", keySource);
        return new ClientConfig(chainKind, chainUrl, null, options, settings);
    }

    /** The chain this configuration points at, acting for its account (or key). */
    public Chain openChain() {
        return openChain(false);
    }

    /**
     * The chain this configuration points at; {@code readOnly} opens it without an account (what
     * storage nodes following the chain need).
     */
    public Chain openChain(boolean readOnly) {
        return ChainProviders.open(chainSpec(), readOnly);
    }
}
