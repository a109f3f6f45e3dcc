package dev.walrusstream.sui.config;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.exec.GasPolicy;
import dev.walrusstream.sui.keys.KeySource;
import dev.walrusstream.sui.rpc.SuiClientOptions;
import dev.walrusstream.sui.rpc.SuiEndpoint;
import dev.walrusstream.sui.tx.TypeTag;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to talk to Walrus on Sui: the full node, the signing key, the Walrus System
 * object (and Staking object), the WAL coin type, client limits and gas policy. Build it with
 * {@link #builder()} or from properties ({@link #fromProperties}).
 */
public record SuiConfig(String network, SuiEndpoint endpoint, KeySource key, ObjectId walrusSystemObject,
                        Optional<ObjectId> walrusStakingObject, String walCoinType, SuiClientOptions clientOptions,
                        GasPolicy gasPolicy) {
    public SuiConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(walrusSystemObject, "walrusSystemObject");
        Objects.requireNonNull(walrusStakingObject, "walrusStakingObject");
        TypeTag.parse(walCoinType);
        Objects.requireNonNull(clientOptions, "clientOptions");
        Objects.requireNonNull(gasPolicy, "gasPolicy");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True without a signing key (reads only). */
    public boolean isReadOnly() {
        return key.isNone();
    }

    /**
     * Keys: {@code sui.network} (mainnet | testnet | devnet | localnet | a full node URL),
     * {@code sui.key} (see {@link KeySource#parse}), {@code sui.walrus.system-object},
     * {@code sui.walrus.staking-object}, {@code sui.wal-coin-type}, {@code sui.trust-certificates}
     * (PEM file), {@code sui.allow-plaintext} (true to allow http:// to a non-loopback host),
     * {@code sui.header.<name>} (extra request headers), {@code sui.call-timeout-ms},
     * {@code sui.checkpoint-wait-ms}, {@code sui.max-gas-budget}, {@code sui.read-only} (no key needed).
     * The SuiChain settings {@code sui.events.start}, {@code sui.cache-ttl-ms}, {@code sui.walrus.node-scheme}
     * and {@code sui.node-status-timeout-ms} are accepted and read by {@code SuiChainOptions}.
     */
    public static SuiConfig fromProperties(Map<String, String> props) {
        Builder b = builder();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (!k.startsWith("sui.")) {
                continue;
            }
            switch (k) {
                case "sui.network" -> b.network(v);
                case "sui.key" -> b.key(KeySource.parse(v));
                case "sui.walrus.system-object" -> b.walrusSystemObject(ObjectId.parsePrefixed(v));
                case "sui.walrus.staking-object" -> b.walrusStakingObject(ObjectId.parsePrefixed(v));
                case "sui.wal-coin-type" -> b.walCoinType(v);
                case "sui.trust-certificates" -> b.trustCertificates(Path.of(v));
                case "sui.allow-plaintext" -> b.allowPlaintextRemote(Boolean.parseBoolean(v));
                case "sui.call-timeout-ms" -> b.options(b.options.withCallTimeout(Duration.ofMillis(parseLong(k, v))));
                case "sui.checkpoint-wait-ms" -> b.options(b.options.withCheckpointWait(Duration.ofMillis(parseLong(k, v))));
                case "sui.max-gas-budget" -> b.gasPolicy(new GasPolicy(b.gas.dryRunReserve(), parseLong(k, v),
                        b.gas.coinWait()));
                case "sui.read-only" -> b.readOnly(Boolean.parseBoolean(v));
                // read by SuiChainOptions.fromProperties
                case "sui.events.start", "sui.cache-ttl-ms", "sui.walrus.node-scheme", "sui.node-status-timeout-ms" -> {
                }
                default -> {
                    if (k.startsWith("sui.header.")) {
                        b.header(k.substring("sui.header.".length()), v);
                    } else {
                        throw new IllegalArgumentException("unknown Sui setting '" + k + "'");
                    }
                }
            }
        }
        return b.build();
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number, got '" + value + "'");
        }
    }

    /** Validating builder: a known network fills in its defaults; a custom URL needs them given. */
    public static final class Builder {
        private String network = "testnet";
        private KeySource key;
        private ObjectId systemObject;
        private ObjectId stakingObject;
        private String walCoinType;
        private Path trustCertificates;
        private boolean allowPlaintextRemote;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private SuiClientOptions options = SuiClientOptions.DEFAULT;
        private GasPolicy gas = GasPolicy.DEFAULT;
        private boolean readOnly;

        public Builder network(String nameOrUrl) {
            this.network = Objects.requireNonNull(nameOrUrl, "network").trim();
            return this;
        }

        public Builder key(KeySource key) {
            this.key = key;
            return this;
        }

        public Builder walrusSystemObject(ObjectId id) {
            this.systemObject = id;
            return this;
        }

        public Builder walrusStakingObject(ObjectId id) {
            this.stakingObject = id;
            return this;
        }

        public Builder walCoinType(String type) {
            this.walCoinType = type;
            return this;
        }

        public Builder trustCertificates(Path pem) {
            this.trustCertificates = pem;
            return this;
        }

        public Builder allowPlaintextRemote(boolean allow) {
            this.allowPlaintextRemote = allow;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder options(SuiClientOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder gasPolicy(GasPolicy gas) {
            this.gas = Objects.requireNonNull(gas, "gas");
            return this;
        }

        /** No key needed: reads only (what storage nodes following the chain use). */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public SuiConfig build() {
            Optional<SuiNetwork> known = SuiNetwork.byName(network);
            String url = known.map(SuiNetwork::grpcUrl).orElse(network);
            if (known.isEmpty() && !url.contains("://")) {
                throw new IllegalArgumentException("Sui network '" + network + "' is neither mainnet, testnet, devnet, "
                        + "localnet nor a full node URL");
            }
            SuiEndpoint endpoint = SuiEndpoint.parse(url, allowPlaintextRemote);
            if (trustCertificates != null) {
                endpoint = endpoint.withTrustCertificates(trustCertificates);
            }
            for (Map.Entry<String, String> h : headers.entrySet()) {
                endpoint = endpoint.withHeader(h.getKey(), h.getValue());
            }
            ObjectId system = systemObject != null ? systemObject
                    : known.flatMap(SuiNetwork::walrusSystemObject).orElse(null);
            ObjectId staking = stakingObject != null ? stakingObject
                    : known.flatMap(SuiNetwork::walrusStakingObject).orElse(null);
            String wal = walCoinType != null ? walCoinType : known.flatMap(SuiNetwork::walCoinType).orElse(null);
            List<String> missing = new ArrayList<>();
            if (key == null && !readOnly) {
                missing.add("key (sui.key: env:NAME, file:PATH, keystore:PATH[#ADDRESS] or suiprivkey1…)");
            }
            if (system == null) {
                missing.add("Walrus System object ID (sui.walrus.system-object)");
            }
            if (wal == null) {
                missing.add("WAL coin type (sui.wal-coin-type)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("Sui configuration for network '" + network + "' is missing: "
                        + String.join(", ", missing));
            }
            return new SuiConfig(known.map(n -> n.name().toLowerCase()).orElse("custom"), endpoint,
                    key == null ? KeySource.none() : key, system, Optional.ofNullable(staking), wal, options, gas);
        }
    }
}
