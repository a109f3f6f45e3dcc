package dev.walrusstream.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.bls.BlsKeyPair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * A storage node's configuration file ({@code walrus-stream node --config FILE}), JSON:
 * <pre>{@code
 * { "name": "node-0", "nodeId": "0x…", "blsKeyFile": "bls.key", "dataDir": "data",
 *   "listen": "127.0.0.1:9101", "chainUrl": "http://127.0.0.1:9100" }
 * }</pre>
 * Relative paths are resolved against the file's directory. The key file holds the 32-byte BLS
 * secret key as hex. {@code limits} (optional) overrides {@link NodeLimits#DEFAULTS} field by field
 * ({@code maxSliverBodyBytes}, {@code pendingCacheBytes}, {@code pendingTtlMillis}, ...).
 * {@code chainConfig} (optional, relative to the file) names a client configuration whose chain
 * the node follows instead of the LocalChain service at {@code chainUrl} (for instance a Sui
 * chain: {@code "chain": {"kind": "sui", ...}}); the node reads it without an account, unless
 * {@code suiKeyFile} (optional, relative to the file) names the node's own Sui key
 * ({@code suiprivkey1…}): then it signs its {@code epoch_sync_done} with it (it owns the node's
 * {@code StorageNodeCap} and pays the gas in SUI; it needs no WAL).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeConfigFile(String name, ObjectId nodeId, String blsKeyFile, String dataDir, String listen,
                             String chainUrl, Limits limits, String chainConfig, String suiKeyFile) {

    /** Following the LocalChain service at {@code chainUrl}. */
    public NodeConfigFile(String name, ObjectId nodeId, String blsKeyFile, String dataDir, String listen,
                          String chainUrl, Limits limits) {
        this(name, nodeId, blsKeyFile, dataDir, listen, chainUrl, limits, null, null);
    }

    /** Following the chain of the client configuration {@code chainConfig} (or LocalChain at {@code chainUrl}). */
    public NodeConfigFile(String name, ObjectId nodeId, String blsKeyFile, String dataDir, String listen,
                          String chainUrl, Limits limits, String chainConfig) {
        this(name, nodeId, blsKeyFile, dataDir, listen, chainUrl, limits, chainConfig, null);
    }

    /** This file with {@code chainConfig} set. */
    public NodeConfigFile withChainConfig(String newChainConfig) {
        return new NodeConfigFile(name, nodeId, blsKeyFile, dataDir, listen, chainUrl, limits, newChainConfig,
                suiKeyFile);
    }

    /** This file with {@code suiKeyFile} (the node's own Sui key, relative to the file) set. */
    public NodeConfigFile withSuiKeyFile(String newSuiKeyFile) {
        return new NodeConfigFile(name, nodeId, blsKeyFile, dataDir, listen, chainUrl, limits, chainConfig,
                newSuiKeyFile);
    }

    /** Optional overrides of {@link NodeLimits#DEFAULTS}; absent fields keep the default. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limits(Long maxSliverBodyBytes, Long pendingCacheBytes, Long pendingTtlMillis, Integer maxSymbolsPerRequest,
                         Integer maxConcurrentSymbolRequests, Long maxConfirmationWaitMillis, Long recoveryDelayMillis,
                         Long recoverySweepIntervalMillis) {
        public NodeLimits apply(NodeLimits d) {
            return new NodeLimits(
                    maxSliverBodyBytes != null ? maxSliverBodyBytes : d.maxSliverBodyBytes(),
                    pendingCacheBytes != null ? pendingCacheBytes : d.pendingCacheBytes(),
                    pendingTtlMillis != null ? Duration.ofMillis(pendingTtlMillis) : d.pendingTtl(),
                    maxSymbolsPerRequest != null ? maxSymbolsPerRequest : d.maxSymbolsPerRequest(),
                    maxConcurrentSymbolRequests != null ? maxConcurrentSymbolRequests : d.maxConcurrentSymbolRequests(),
                    maxConfirmationWaitMillis != null ? Duration.ofMillis(maxConfirmationWaitMillis) : d.maxConfirmationWait(),
                    recoveryDelayMillis != null ? Duration.ofMillis(recoveryDelayMillis) : d.recoveryDelay(),
                    recoverySweepIntervalMillis != null ? Duration.ofMillis(recoverySweepIntervalMillis)
                            : d.recoverySweepInterval());
        }
    }

    public static NodeConfigFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no node configuration at " + file);
        }
        NodeConfigFile f;
        try {
            f = ChainJson.mapper().readValue(file.toFile(), NodeConfigFile.class);
        } catch (IOException e) {
            throw new IOException("node configuration " + file + " is not valid: " + e.getMessage(), e);
        }
        if (f.nodeId == null || f.blsKeyFile == null || f.dataDir == null || f.listen == null
                || f.chainUrl == null && f.chainConfig == null) {
            throw new IOException("node configuration " + file + " needs nodeId, blsKeyFile, dataDir, listen and "
                    + "chainUrl (or chainConfig)");
        }
        return f;
    }

    public void write(Path file) throws IOException {
        ObjectMapper json = ChainJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, json.writeValueAsBytes(this));
    }

    /** The node configuration, reading the key file; relative paths resolve against {@code base}. */
    public NodeConfig toConfig(Path base) throws IOException {
        Path keyFile = base.resolve(blsKeyFile);
        BlsKeyPair key;
        try {
            key = BlsKeyPair.fromSecretHex(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IOException("cannot read the BLS key file " + keyFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("BLS key file " + keyFile + " does not hold a 32-byte hex secret key: " + e.getMessage(), e);
        }
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("listen address '" + listen + "' must be host:port");
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("listen address '" + listen + "' has no numeric port");
        }
        NodeLimits l = limits == null ? NodeLimits.DEFAULTS : limits.apply(NodeLimits.DEFAULTS);
        return new NodeConfig(name, nodeId, key, base.resolve(dataDir), listen.substring(0, colon), port, l);
    }

    /** Writes a key file readable only by its owner (where the file system allows). */
    public static void writeKey(Path file, BlsKeyPair key) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, key.secretHex() + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
