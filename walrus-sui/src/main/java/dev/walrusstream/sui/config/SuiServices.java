package dev.walrusstream.sui.config;

import dev.walrusstream.sui.coins.CoinPool;
import dev.walrusstream.sui.exec.TransactionExecutor;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.walrus.WalrusContract;
import dev.walrusstream.sui.walrus.WalrusSystemReader;

/**
 * The Sui services wired from one {@link SuiConfig}: the gRPC client, the sender's key, its SUI
 * (gas) and WAL coin pools, the transaction executor and the Walrus contract. Close it to close
 * the gRPC channel.
 */
public final class SuiServices implements AutoCloseable {
    /** The coin type of SUI, which pays for gas. */
    public static final String SUI_COIN_TYPE = "0x2::sui::SUI";

    private final SuiConfig config;
    private final SuiClient client;
    private final SuiKeyPair sender;
    private final CoinPool gasCoins;
    private final CoinPool walCoins;
    private final TransactionExecutor executor;
    private final WalrusContract walrus;

    private SuiServices(SuiConfig config, SuiClient client, SuiKeyPair sender) {
        this.config = config;
        this.client = client;
        this.sender = sender;
        this.gasCoins = new CoinPool(client::listCoins, sender.address(), SUI_COIN_TYPE);
        this.walCoins = new CoinPool(client::listCoins, sender.address(), config.walCoinType());
        this.executor = new TransactionExecutor(client, sender, gasCoins, config.gasPolicy());
        this.walrus = new WalrusContract(new WalrusSystemReader(client), executor, walCoins,
                config.walrusSystemObject(), config.gasPolicy().coinWait());
    }

    /** Loads the key and opens the channel (no RPC is made until a service is used). */
    public static SuiServices open(SuiConfig config) {
        SuiKeyPair sender = config.key().load();
        return new SuiServices(config, SuiClient.connect(config.endpoint(), config.clientOptions()), sender);
    }

    public SuiConfig config() {
        return config;
    }

    public SuiClient client() {
        return client;
    }

    public SuiKeyPair sender() {
        return sender;
    }

    public CoinPool gasCoins() {
        return gasCoins;
    }

    public CoinPool walCoins() {
        return walCoins;
    }

    public TransactionExecutor executor() {
        return executor;
    }

    public WalrusContract walrus() {
        return walrus;
    }

    @Override
    public void close() {
        client.close();
    }
}
