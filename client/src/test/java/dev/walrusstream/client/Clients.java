package dev.walrusstream.client;

import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.devnet.network.LocalNetwork;

import java.time.Duration;

/** Storage clients for the client's integration tests, on networks from test-support's {@code Networks}. */
final class Clients {
    static final ClientOptions OPTIONS = ClientOptions.DEFAULTS.withRetries(1, Duration.ofMillis(100))
            .withMaxExtraUploadTime(Duration.ofSeconds(3));

    private Clients() {
    }

    static StorageClient client(LocalNetwork network) {
        return new StorageClient(new LocalChainHttpClient(network.chainUrl(), network.account()), OPTIONS);
    }
}
