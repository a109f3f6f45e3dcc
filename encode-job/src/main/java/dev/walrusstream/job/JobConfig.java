package dev.walrusstream.job;

import dev.walrusstream.client.ClientConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the encode job is configured with, validated. Built from a properties file and/or
 * {@code key=value} overrides ({@link #from(Map)}); every key has a documented default except the
 * three addresses. {@link #KEYS} lists them all, with defaults and meaning, for the README and
 * {@code --help}.
 */
public record JobConfig(
        String bootstrapServers,
        String registryUrl,
        String clientConfigJson,
        String chunksTopic,
        String receiptsTopic,
        String deadLetterTopic,
        String groupId,
        boolean fromEarliest,
        long segmentSize,
        long quiltThreshold,
        long quiltTargetBytes,
        int quiltMaxPatches,
        Duration quiltLinger,
        long maxUploadSize,
        Duration incompleteTimeout,
        int epochs,
        boolean deletable,
        int parallelism,
        Duration checkpointInterval,
        String checkpointDir,
        int blobsInFlight,
        int storeAttempts,
        String transactionalIdPrefix,
        boolean manifests,
        Duration manifestSnapshotInterval,
        String encryptionKeySource,
        long encryptionChunkSize,
        long walPerHourFrost,
        boolean healthGate,
        boolean keeperEnabled,
        int keeperMinEpochsLeft,
        int keeperEpochsExtended,
        int keeperBatch,
        long keeperBudgetFrost,
        Duration keeperInterval,
        int registerBatchMaxBlobs,
        Duration registerBatchMaxWait) implements Serializable {

    /** Key → (default, meaning). A null default means the key is required. */
    public static final Map<String, String[]> KEYS = keys();

    private static Map<String, String[]> keys() {
        Map<String, String[]> k = new LinkedHashMap<>();
        k.put("kafka.bootstrap", new String[]{null, "Kafka bootstrap servers (HOST:PORT,...)"});
        k.put("registry.url", new String[]{null, "Confluent-compatible schema registry base URL"});
        k.put("walrus.client-config", new String[]{null, "client configuration file of the storage network (net start writes DIR/client.json)"});
        k.put("topic.chunks", new String[]{"walrus.chunks", "input topic of BlobChunk uploads"});
        k.put("topic.receipts", new String[]{"walrus.receipts", "output topic of BlobReceipt records"});
        k.put("topic.dlq", new String[]{"walrus.dlq", "dead-letter topic (DeadLetter records)"});
        k.put("kafka.group-id", new String[]{"walrus-stream-encode", "consumer group (offsets live in checkpoints; the group is for monitoring)"});
        k.put("kafka.from-earliest", new String[]{"true", "start at the earliest offset when there is no checkpoint (else the latest)"});
        k.put("segment.size", new String[]{"16MiB", "uploads larger than this are cut into blobs of this size (must fit the network's largest blob)"});
        k.put("quilt.threshold", new String[]{"1MiB", "uploads up to this size are packed into QuiltV1 quilts (0 disables quilts)"});
        k.put("quilt.target-size", new String[]{"8MiB", "a quilt is cut once its uploads hold this many bytes"});
        k.put("quilt.max-patches", new String[]{"0", "a quilt is cut at this many uploads (0: the most the network allows, n_s - 1)"});
        k.put("quilt.linger", new String[]{"2s", "a quilt is cut this long after its first upload arrived"});
        k.put("upload.max-size", new String[]{"64GiB", "larger uploads are refused (dead letter OVERSIZE)"});
        k.put("upload.incomplete-timeout", new String[]{"10m", "an upload whose last chunk does not arrive within this is dead-lettered INCOMPLETE_UPLOAD (once its partition has moved on by this much without it, or nothing was read for this long: never while the job catches up)"});
        k.put("store.epochs", new String[]{"5", "epochs each blob is stored for"});
        k.put("store.deletable", new String[]{"false", "store deletable blobs (default: permanent)"});
        k.put("parallelism", new String[]{"2", "parallelism of the job"});
        k.put("checkpoint.interval", new String[]{"10s", "checkpoint interval; blobs are certified when a checkpoint completes"});
        k.put("checkpoint.dir", new String[]{"", "checkpoint storage directory (file:// or a path; empty: the job manager's default)"});
        k.put("sink.blobs-in-flight", new String[]{"2", "blobs each sink writer stores concurrently; the writer keeps this many sliver arenas (≈ 4.5 × `segment.size` each) allocated from blob to blob"});
        k.put("sink.store-attempts", new String[]{"3", "transient failures in a row after which the sink reports itself paused (it keeps retrying with capped backoff; the task never fails for them)"});
        k.put("kafka.transactional-id-prefix", new String[]{"walrus-stream", "prefix of the transactional ids of the receipt and dead-letter producers"});
        k.put("manifest.enabled", new String[]{"true", "keep a manifest per dataset version and store it as a blob when the version is closed (docs/dataset-manifests.md)"});
        k.put("manifest.snapshot-interval", new String[]{"10m", "a dataset version still open gets a manifest snapshot this often when it changed (0: never)"});
        k.put("encryption.key-source", new String[]{"", "encrypt every blob before encoding with a key from file:PATH, env:NAME, pkcs12:PATH?password-env=VAR&alias=A or kms:NAME (empty: no encryption; docs/encryption.md)"});
        k.put("encryption.chunk-size", new String[]{"64KiB", "plaintext bytes per sealed AES-GCM chunk of an encrypted blob (a power of two, 1KiB..16MiB)"});
        k.put("budget.wal-per-hour", new String[]{"0", "most WAL the job spends on registrations per hour, shared evenly by the sink writers (segments and quilts); writes wait (the sink shows paused) while it is reached (0: no cap)"});
        k.put("sink.register-batch.max-blobs", new String[]{"8", "blobs a sink writer registers in one chain transaction at most (Walrus's multi-blob registration; never more than sink.blobs-in-flight; 1: one transaction per blob)"});
        k.put("sink.register-batch.max-wait", new String[]{"200ms", "how long the first blob ready to register waits for others to join its transaction (0 to 60s; the batch goes at once when full or when no other blob is being prepared)"});
        k.put("sink.health-gate", new String[]{"false", "writes wait while fewer than n - f shards answer their health checks"});
        k.put("keeper.enabled", new String[]{"false", "keep every dataset's blobs alive: renew them before they expire, within keeper.budget per dataset, and put the new end epochs into the version's next manifest snapshot (needs manifest.enabled; docs/lifecycle.md)"});
        k.put("keeper.min-epochs-left", new String[]{"2", "the keeper renews a blob with fewer than this many epochs left"});
        k.put("keeper.epochs-extended", new String[]{"5", "epochs each renewal adds (capped at the network's maximum epochs ahead)"});
        k.put("keeper.batch", new String[]{"50", "renewals per transaction; a batch goes ahead only if the budget and balance cover all of it"});
        k.put("keeper.budget", new String[]{"", "most WAL the keeper spends on each dataset's renewals; at it the dataset's keeper stops with KEEPER STOPPED and the pipeline goes on (empty: no limit)"});
        k.put("keeper.interval", new String[]{"30s", "how often the keeper looks at the chain's epoch; it renews once per epoch change"});
        return Map.copyOf(k);
    }

    public JobConfig {
        require(bootstrapServers, "kafka.bootstrap");
        require(registryUrl, "registry.url");
        require(clientConfigJson, "walrus.client-config");
        if (segmentSize < 1 || segmentSize > Integer.MAX_VALUE - 64) {
            throw invalid("segment.size", segmentSize, "between 1 byte and 2 GiB");
        }
        if (quiltThreshold < 0 || quiltThreshold > segmentSize) {
            throw invalid("quilt.threshold", quiltThreshold, "between 0 and segment.size (" + segmentSize + ")");
        }
        if (quiltTargetBytes < 1) {
            throw invalid("quilt.target-size", quiltTargetBytes, "at least 1 byte");
        }
        if (quiltMaxPatches < 0) {
            throw invalid("quilt.max-patches", quiltMaxPatches, "0 or more");
        }
        if (epochs < 1) {
            throw invalid("store.epochs", epochs, "at least 1");
        }
        if (parallelism < 1) {
            throw invalid("parallelism", parallelism, "at least 1");
        }
        if (checkpointInterval.toMillis() < 100) {
            throw invalid("checkpoint.interval", checkpointInterval, "at least 100ms");
        }
        if (manifestSnapshotInterval.isNegative() || (!manifestSnapshotInterval.isZero() && manifestSnapshotInterval.toMillis() < 100)) {
            throw invalid("manifest.snapshot-interval", manifestSnapshotInterval, "0 (never) or at least 100ms");
        }
        if (blobsInFlight < 1 || storeAttempts < 1) {
            throw invalid("sink.blobs-in-flight/sink.store-attempts", blobsInFlight + "/" + storeAttempts, "at least 1");
        }
        if (keeperEnabled && !manifests) {
            throw invalid("keeper.enabled", true, "false while manifest.enabled is false (the keeper follows the "
                    + "manifest path's receipts)");
        }
        try {
            new dev.walrusstream.client.BlobKeeper.Settings(keeperMinEpochsLeft, keeperEpochsExtended, keeperBatch,
                    keeperBudgetFrost);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job setting keeper.*: " + e.getMessage().replace("--", "keeper."), e);
        }
        try {
            new dev.walrusstream.sink.RegisterBatching(registerBatchMaxBlobs, registerBatchMaxWait);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job setting " + e.getMessage(), e);
        }
        if (keeperInterval.toMillis() < 100) {
            throw invalid("keeper.interval", keeperInterval, "at least 100ms");
        }
        if (encryptionChunkSize < 1024 || encryptionChunkSize > 16L << 20 || Long.bitCount(encryptionChunkSize) != 1) {
            throw invalid("encryption.chunk-size", encryptionChunkSize, "a power of two between 1KiB and 16MiB");
        }
    }

    /** How the sink writers gather registrations into one transaction. */
    public dev.walrusstream.sink.RegisterBatching registerBatching() {
        return new dev.walrusstream.sink.RegisterBatching(registerBatchMaxBlobs, registerBatchMaxWait);
    }

    /** The keeper's settings (used when {@code keeper.enabled}). */
    public dev.walrusstream.client.BlobKeeper.Settings keeperSettings() {
        return new dev.walrusstream.client.BlobKeeper.Settings(keeperMinEpochsLeft, keeperEpochsExtended, keeperBatch,
                keeperBudgetFrost);
    }

    /** Whether blobs are encrypted before encoding ({@code encryption.key-source} set). */
    public boolean encrypted() {
        return encryptionKeySource != null && !encryptionKeySource.isBlank();
    }

    /** Reads a properties file (see {@link #KEYS}). */
    public static JobConfig read(Path file, Map<String, String> overrides) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> values = new LinkedHashMap<>();
        p.forEach((k, v) -> values.put(k.toString(), v.toString()));
        values.putAll(overrides);
        return from(values);
    }

    /**
     * Builds a configuration from {@code key → value}; unknown keys are refused (a typo must not
     * silently fall back to a default). {@code walrus.client-config} is a file path, read here.
     */
    public static JobConfig from(Map<String, String> values) throws IOException {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KEYS.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown job setting(s) " + unknown + "; known: " + new TreeSet<>(KEYS.keySet()));
        }
        Map<String, String> v = new LinkedHashMap<>();
        KEYS.forEach((k, d) -> {
            if (d[0] != null) {
                v.put(k, d[0]);
            }
        });
        v.putAll(values);
        String clientConfigPath = v.get("walrus.client-config");
        String clientJson = null;
        if (clientConfigPath != null) {
            Path path = Path.of(clientConfigPath);
            if (!Files.isRegularFile(path)) {
                throw new IOException("walrus.client-config: no file at " + path);
            }
            clientJson = ClientConfig.readJson(path);
        }
        return new JobConfig(v.get("kafka.bootstrap"), v.get("registry.url"), clientJson,
                v.get("topic.chunks"), v.get("topic.receipts"), v.get("topic.dlq"), v.get("kafka.group-id"),
                bool(v, "kafka.from-earliest"),
                size(v, "segment.size"), size(v, "quilt.threshold"), size(v, "quilt.target-size"),
                integer(v, "quilt.max-patches"), duration(v, "quilt.linger"),
                size(v, "upload.max-size"), duration(v, "upload.incomplete-timeout"),
                integer(v, "store.epochs"), bool(v, "store.deletable"),
                integer(v, "parallelism"), duration(v, "checkpoint.interval"), v.get("checkpoint.dir"),
                integer(v, "sink.blobs-in-flight"), integer(v, "sink.store-attempts"),
                v.get("kafka.transactional-id-prefix"),
                bool(v, "manifest.enabled"), duration(v, "manifest.snapshot-interval"), v.get("encryption.key-source"),
                size(v, "encryption.chunk-size"), wal(v, "budget.wal-per-hour"), bool(v, "sink.health-gate"),
                bool(v, "keeper.enabled"), integer(v, "keeper.min-epochs-left"), integer(v, "keeper.epochs-extended"),
                integer(v, "keeper.batch"), v.get("keeper.budget").isBlank() ? Long.MAX_VALUE : wal(v, "keeper.budget"),
                duration(v, "keeper.interval"), integer(v, "sink.register-batch.max-blobs"),
                duration(v, "sink.register-batch.max-wait"));
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("job setting " + key + " is required (" + KEYS.get(key)[1] + ")");
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException("job setting " + key + " = " + value + " is invalid: expected " + expected);
    }

    private static boolean bool(Map<String, String> v, String key) {
        String s = v.get(key).trim().toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw invalid(key, v.get(key), "true or false");
        }
        return s.equals("true");
    }

    private static long wal(Map<String, String> v, String key) {
        try {
            return dev.walrusstream.client.BlobKeeper.parseWal(v.get(key));
        } catch (IllegalArgumentException e) {
            throw invalid(key, v.get(key), "a WAL amount such as 0, 2 or 0.25");
        }
    }

    private static int integer(Map<String, String> v, String key) {
        try {
            return Integer.parseInt(v.get(key).trim());
        } catch (NumberFormatException e) {
            throw invalid(key, v.get(key), "an integer");
        }
    }

    static long size(Map<String, String> v, String key) {
        try {
            return parseSize(v.get(key));
        } catch (IllegalArgumentException e) {
            throw invalid(key, v.get(key), "a size such as 4096, 64KiB, 16MiB or 1GiB");
        }
    }

    /** Sizes with binary units whatever the spelling: 4096, 64KiB, 16MiB, 16MB, 1g (the ingest command's parser). */
    public static long parseSize(String text) {
        return dev.walrusstream.codec.text.ByteSize.parse(text);
    }

    static Duration duration(Map<String, String> v, String key) {
        try {
            return parseDuration(v.get(key));
        } catch (IllegalArgumentException e) {
            throw invalid(key, v.get(key), "a duration such as 500ms, 10s, 5m or 1h");
        }
    }

    /** Durations: 500ms, 10s, 5m, 1h, or ISO-8601 (PT10S). */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 500ms, 10s, 5m, 1h)");
        }
    }
}
