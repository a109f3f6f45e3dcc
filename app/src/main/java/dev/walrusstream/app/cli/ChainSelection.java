package dev.walrusstream.app.cli;

import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.ClientOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which chain a client command uses: a client configuration ({@code --config}), or Sui directly
 * ({@code --chain sui --network testnet --key ...}); flags given with {@code --config} override its
 * Sui settings.
 */
final class ChainSelection {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Client configuration (DIR/client.json of walrus-stream net start, or the DIR).")
    Path config;

    @Option(names = "--chain", paramLabel = "KIND",
            description = "'sui' to use Sui with the flags below (no --config needed).")
    String chain;

    @Option(names = "--network", paramLabel = "NET",
            description = "Sui network: mainnet, testnet (the default) or a full node URL (https://host:port, or "
                    + "http:// on loopback).")
    String network;

    @Option(names = "--key", paramLabel = "SOURCE",
            description = "Sui key: env:NAME, file:PATH, keystore:PATH[#0xADDRESS] (a Sui CLI keystore) or suiprivkey1….")
    String key;

    @Option(names = "--system-object", paramLabel = "ID",
            description = "Walrus System object (default for mainnet and testnet).")
    String systemObject;

    @Option(names = "--staking-object", paramLabel = "ID",
            description = "Walrus Staking object (default for mainnet and testnet).")
    String stakingObject;

    @Option(names = "--wal-coin-type", paramLabel = "TYPE", description = "WAL coin type (default for mainnet and testnet).")
    String walCoinType;

    @Option(names = "--sui-setting", paramLabel = "KEY=VALUE",
            description = "Any sui.* setting, e.g. sui.header.x-token=TOKEN or sui.max-gas-budget=500000000 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    ClientConfig read() throws IOException {
        boolean suiFlags = network != null || key != null || systemObject != null || stakingObject != null
                || walCoinType != null || !settings.isEmpty();
        if (chain == null && !suiFlags) {
            if (config == null) {
                throw new IllegalArgumentException("say which chain to use: --config FILE (a client configuration) or "
                        + "--chain sui --network testnet --key SOURCE");
            }
            return ClientConfigs.read(config);
        }
        if (chain != null && !chain.trim().toLowerCase(Locale.ROOT).equals("sui")) {
            throw new IllegalArgumentException("--chain must be 'sui' (LocalChain networks are reached with --config), got '"
                    + chain + "'");
        }
        ClientConfig base = config == null ? null : ClientConfigs.read(config);
        Map<String, String> props = new LinkedHashMap<>();
        if (base != null) {
            if (!base.chainKind().equals(ClientConfig.SUI)) {
                throw new IllegalArgumentException("--config " + config + " is a '" + base.chainKind() + "' chain; Sui "
                        + "flags apply to a sui one only");
            }
            props.putAll(base.chainSettings());
        }
        put(props, "sui.network", network);
        put(props, "sui.key", key);
        put(props, "sui.walrus.system-object", systemObject);
        put(props, "sui.walrus.staking-object", stakingObject);
        put(props, "sui.wal-coin-type", walCoinType);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().startsWith("sui.")) {
                throw new IllegalArgumentException("--sui-setting " + e.getKey() + " is not a Sui setting (they start "
                        + "with sui.)");
            }
            props.put(e.getKey(), e.getValue());
        }
        props.putIfAbsent("sui.network", "testnet");
        ClientConfig cfg = new ClientConfig(ClientConfig.SUI, props.get("sui.network"), null,
                base == null ? ClientOptions.DEFAULTS : base.options(), props);
        cfg.check(!props.containsKey("sui.key")); // validates the settings now, naming what is missing
        return cfg;
    }

    private static void put(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }
}
