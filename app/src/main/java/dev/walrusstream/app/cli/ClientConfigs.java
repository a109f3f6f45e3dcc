package dev.walrusstream.app.cli;

import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.devnet.network.LocalNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --config} accepts a client configuration file or a network directory holding {@code client.json}. */
final class ClientConfigs {
    private ClientConfigs() {
    }

    static ClientConfig read(Path config) throws IOException {
        Path file = Files.isDirectory(config) ? config.resolve(LocalNetwork.CLIENT_CONFIG) : config;
        return ClientConfig.read(file);
    }
}
