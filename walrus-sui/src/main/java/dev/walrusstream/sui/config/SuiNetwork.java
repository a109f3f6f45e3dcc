package dev.walrusstream.sui.config;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.Locale;
import java.util.Optional;

/**
 * The well-known networks: full node gRPC URL and, where Walrus runs, its System and Staking
 * objects and the WAL coin type. This table is the only place host names and object IDs appear;
 * every value can be overridden in {@link SuiConfig}. Testnet IDs change when Walrus testnet is
 * redeployed.
 */
public enum SuiNetwork {
    MAINNET("https://fullnode.mainnet.sui.io:443",
            "0x2134d52768ea07e8c43570ef975eb3e4c27a39fa6396bef985b5abc58d03ddd2",
            "0x10b9d30c28448939ce6c4d6c6e0ffce4a7f8a4ada8248bdad09ef8b70e4a3904",
            "0x356a26eb9e012a68958082340d4c4116e7f55615cf27affcff209cf0ae544f59::wal::WAL"),
    TESTNET("https://fullnode.testnet.sui.io:443",
            "0x6c2547cbbc38025cf3adac45f63cb0a8d12ecf777cdc75a4971612bf97fdf6af",
            "0xbe46180321c30aab2f8b3501e24048377287fa708018a5b7c2792b35fe339ee3",
            "0x8270feb7375eee355e64fdb69c50abb6b5f9393a722883c1cf45f8e26048810a::wal::WAL"),
    DEVNET("https://fullnode.devnet.sui.io:443", null, null, null),
    LOCALNET("http://127.0.0.1:9000", null, null, null);

    private final String grpcUrl;
    private final String walrusSystemObject;
    private final String walrusStakingObject;
    private final String walCoinType;

    SuiNetwork(String grpcUrl, String walrusSystemObject, String walrusStakingObject, String walCoinType) {
        this.grpcUrl = grpcUrl;
        this.walrusSystemObject = walrusSystemObject;
        this.walrusStakingObject = walrusStakingObject;
        this.walCoinType = walCoinType;
    }

    public String grpcUrl() {
        return grpcUrl;
    }

    public Optional<ObjectId> walrusSystemObject() {
        return Optional.ofNullable(walrusSystemObject).map(ObjectId::parse);
    }

    public Optional<ObjectId> walrusStakingObject() {
        return Optional.ofNullable(walrusStakingObject).map(ObjectId::parse);
    }

    public Optional<String> walCoinType() {
        return Optional.ofNullable(walCoinType);
    }

    /** mainnet | testnet | devnet | localnet, or empty for anything else (e.g. a URL). */
    public static Optional<SuiNetwork> byName(String name) {
        for (SuiNetwork n : values()) {
            if (n.name().toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
