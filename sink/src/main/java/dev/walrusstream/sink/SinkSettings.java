package dev.walrusstream.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the Walrus sink needs, serializable so Flink ships it to every task: the storage network
 * (the client configuration JSON, so task managers on other hosts need no local file), how blobs
 * are stored, concurrency and retries, and where receipts go.
 */
public record SinkSettings(
        String clientConfigJson,
        int epochs,
        boolean deletable,
        int blobsInFlight,
        int storeAttempts,
        Duration retryBackoff,
        String bootstrapServers,
        String registryUrl,
        String receiptsTopic,
        String transactionalIdPrefix,
        EncryptionSettings encryption,
        SinkLimits limits,
        RegisterBatching registerBatching) implements Serializable {

    /** Settings without encryption. */
    public SinkSettings(String clientConfigJson, int epochs, boolean deletable, int blobsInFlight, int storeAttempts,
                        Duration retryBackoff, String bootstrapServers, String registryUrl, String receiptsTopic,
                        String transactionalIdPrefix) {
        this(clientConfigJson, epochs, deletable, blobsInFlight, storeAttempts, retryBackoff, bootstrapServers,
                registryUrl, receiptsTopic, transactionalIdPrefix, null, SinkLimits.NONE, RegisterBatching.DEFAULTS);
    }

    /** Settings with the default registration batching. */
    public SinkSettings(String clientConfigJson, int epochs, boolean deletable, int blobsInFlight, int storeAttempts,
                        Duration retryBackoff, String bootstrapServers, String registryUrl, String receiptsTopic,
                        String transactionalIdPrefix, EncryptionSettings encryption, SinkLimits limits) {
        this(clientConfigJson, epochs, deletable, blobsInFlight, storeAttempts, retryBackoff, bootstrapServers,
                registryUrl, receiptsTopic, transactionalIdPrefix, encryption, limits, RegisterBatching.DEFAULTS);
    }

    /** The same settings gathering registrations as {@code batching} says. */
    public SinkSettings withRegisterBatching(RegisterBatching batching) {
        return new SinkSettings(clientConfigJson, epochs, deletable, blobsInFlight, storeAttempts, retryBackoff,
                bootstrapServers, registryUrl, receiptsTopic, transactionalIdPrefix, encryption, limits,
                batching == null ? RegisterBatching.DEFAULTS : batching);
    }

    /** Blobs one registration transaction gathers at most: the batch size, and never more than are in flight. */
    public int registerBatchLimit() {
        return Math.min(registerBatching.maxBlobs(), blobsInFlight);
    }

    /** The same settings encrypting with {@code encryption} (null: none). */
    public SinkSettings withEncryption(EncryptionSettings encryption) {
        return new SinkSettings(clientConfigJson, epochs, deletable, blobsInFlight, storeAttempts, retryBackoff,
                bootstrapServers, registryUrl, receiptsTopic, transactionalIdPrefix, encryption, limits, registerBatching);
    }

    /** The same settings with these budgets. */
    public SinkSettings withLimits(SinkLimits limits) {
        return new SinkSettings(clientConfigJson, epochs, deletable, blobsInFlight, storeAttempts, retryBackoff,
                bootstrapServers, registryUrl, receiptsTopic, transactionalIdPrefix, encryption,
                limits == null ? SinkLimits.NONE : limits, registerBatching);
    }

    public SinkSettings {
        limits = limits == null ? SinkLimits.NONE : limits;
        registerBatching = registerBatching == null ? RegisterBatching.DEFAULTS : registerBatching;
        if (clientConfigJson == null || clientConfigJson.isBlank()) {
            throw new IllegalArgumentException("the sink needs the storage network's client configuration");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (blobsInFlight < 1 || storeAttempts < 1) {
            throw new IllegalArgumentException("blobs in flight and store attempts must be at least 1, got "
                    + blobsInFlight + " and " + storeAttempts);
        }
    }
}
