package dev.walrusstream.sui.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainProvider;
import dev.walrusstream.chain.ChainSpec;
import dev.walrusstream.sui.config.SuiConfig;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chains of kind {@code "sui"}: Walrus on Sui ({@link SuiChain}). A client configuration's chain
 * section names the {@code network} ({@code mainnet}, {@code testnet} or a full node URL), the
 * {@code key} ({@code env:NAME}, {@code file:PATH}, {@code keystore:PATH[#ADDRESS]} or a
 * {@code suiprivkey1…}; paths relative to the file), the Walrus {@code systemObject},
 * {@code stakingObject} and {@code walCoinType} when the network is a URL, and any {@code sui.*}
 * setting of {@link SuiConfig} and {@link SuiChainOptions} under {@code settings}.
 */
public final class SuiChainProvider implements ChainProvider {
    public static final String KIND = "sui";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "Walrus on Sui: mainnet, testnet or a full node URL";
    }

    @Override
    public ChainSpec read(JsonNode chain, SuiAddress account, Path base) {
        Map<String, String> settings = new LinkedHashMap<>();
        String network = chain.hasNonNull("network") ? chain.get("network").asText() : chain.path("url").asText(null);
        if (network == null || network.isBlank()) {
            throw new IllegalArgumentException("has no chain.network (mainnet, testnet or a Sui full node URL)");
        }
        settings.put("sui.network", network);
        if (chain.hasNonNull("key")) {
            String key = chain.get("key").asText();
            settings.put("sui.key", base == null ? key : relativeKey(base, key));
        }
        put(settings, chain, "systemObject", "sui.walrus.system-object");
        put(settings, chain, "stakingObject", "sui.walrus.staking-object");
        put(settings, chain, "walCoinType", "sui.wal-coin-type");
        JsonNode extra = chain.path("settings");
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("sui.")) {
                throw new IllegalArgumentException(": chain.settings." + e.getKey()
                        + " is not a Sui setting (they start with sui.)");
            }
            settings.put(e.getKey(), e.getValue().asText());
        }
        return new ChainSpec(KIND, network, account, settings);
    }

    @Override
    public void check(ChainSpec spec, boolean readOnly) {
        config(spec, readOnly);
    }

    @Override
    public Chain open(ChainSpec spec, boolean readOnly) {
        SuiConfig sui = config(spec, readOnly);
        return SuiChain.open(sui, SuiChainOptions.fromProperties(sui.network(), spec.settings()));
    }

    @Override
    public void absolutePaths(ObjectNode section, Path file) {
        if (section.hasNonNull("key")) {
            section.put("key", relativeKey(file.toAbsolutePath().getParent(), section.get("key").asText()));
        }
    }

    /** The Sui configuration of {@code spec}; read-only (no key needed) when asked or when no key is set. */
    public static SuiConfig config(ChainSpec spec, boolean readOnly) {
        if (!spec.kind().equals(KIND)) {
            throw new IllegalArgumentException("chain kind is '" + spec.kind() + "', not sui");
        }
        Map<String, String> props = new LinkedHashMap<>(spec.settings());
        if (readOnly || !props.containsKey("sui.key")) {
            props.remove("sui.key");
            props.put("sui.read-only", "true");
        }
        return SuiConfig.fromProperties(props);
    }

    private static void put(Map<String, String> settings, JsonNode chain, String field, String key) {
        if (chain.hasNonNull(field)) {
            settings.put(key, chain.get(field).asText());
        }
    }

    /** {@code file:} and {@code keystore:} paths are relative to {@code dir}, the configuration file's directory. */
    private static String relativeKey(Path dir, String key) {
        for (String prefix : new String[] {"file:", "keystore:"}) {
            if (key.startsWith(prefix)) {
                Path p = Path.of(key.substring(prefix.length()).replaceFirst("#.*$", ""));
                if (!p.isAbsolute()) {
                    return prefix + dir.resolve(key.substring(prefix.length()));
                }
            }
        }
        return key;
    }
}
