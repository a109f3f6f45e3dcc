package dev.walrusstream.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to run the embedded Kafka broker.
 *
 * @param dataDir         log and metadata directory; null = a temporary directory removed on close. An existing,
 *                        formatted directory is reused (its topics and records survive restarts)
 * @param brokerPort      client port; 0 = a free port
 * @param messageMaxBytes largest record batch the broker accepts ({@code message.max.bytes}); the default leaves
 *                        room for 8 MiB chunks
 * @param startTimeout    how long to wait for the broker to serve requests
 * @param extraConfig     further broker properties (override the defaults)
 */
public record KafkaSettings(Path dataDir, int brokerPort, int messageMaxBytes, Duration startTimeout,
                            Map<String, String> extraConfig) {

    public static final int DEFAULT_MESSAGE_MAX_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    public KafkaSettings {
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new IllegalArgumentException("broker port must be 0..65535, got " + brokerPort);
        }
        if (messageMaxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("messageMaxBytes must be at least 1 MiB, got " + messageMaxBytes);
        }
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
        extraConfig = Map.copyOf(extraConfig);
    }

    public static KafkaSettings defaults() {
        return new KafkaSettings(null, 0, DEFAULT_MESSAGE_MAX_BYTES, Duration.ofSeconds(60), Map.of());
    }

    public KafkaSettings withDataDir(Path dir) {
        return new KafkaSettings(dir, brokerPort, messageMaxBytes, startTimeout, extraConfig);
    }

    public KafkaSettings withBrokerPort(int port) {
        return new KafkaSettings(dataDir, port, messageMaxBytes, startTimeout, extraConfig);
    }

    public KafkaSettings withExtraConfig(Map<String, String> config) {
        return new KafkaSettings(dataDir, brokerPort, messageMaxBytes, startTimeout, config);
    }
}
