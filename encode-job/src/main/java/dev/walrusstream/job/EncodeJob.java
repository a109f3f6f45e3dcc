package dev.walrusstream.job;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.job.assembly.AssemblyLimits;
import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.DeadLetterEvent;
import dev.walrusstream.job.assembly.SmallUpload;
import dev.walrusstream.job.flink.AssembleUploads;
import dev.walrusstream.job.flink.ChunkDeserializer;
import dev.walrusstream.job.flink.DeadLetterSerializer;
import dev.walrusstream.job.flink.DecodedRecord;
import dev.walrusstream.job.flink.PackQuilts;
import dev.walrusstream.job.flink.SplitDecoded;
import dev.walrusstream.job.flink.BuildManifests;
import dev.walrusstream.job.flink.KeepDatasets;
import dev.walrusstream.job.flink.FailedUploads;
import dev.walrusstream.job.flink.ReceiptEvents;
import dev.walrusstream.job.flink.RouteControl;
import dev.walrusstream.job.manifest.VersionEvent;
import dev.walrusstream.schemas.ReceiptKind;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.EncryptionSettings;
import dev.walrusstream.sink.SinkLimits;
import dev.walrusstream.sink.WalrusSink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The encode job: chunks from Kafka → uploads assembled per upload id → large uploads cut into
 * segments, small ones packed into QuiltV1 quilts → the Walrus sink (encode, register, upload,
 * confirm; certify when the checkpoint completes; receipts) → dead letters for everything refused.
 *
 * <p>Run it on a cluster with {@code flink run ... --config job.properties [key=value ...]}, or embed
 * it with {@link #build}.
 */
public final class EncodeJob {
    private EncodeJob() {
    }

    public static void main(String[] args) throws Exception {
        JobConfig config = parseArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        build(env, config);
        env.execute("walrus-stream encode job");
    }

    /** {@code --config FILE} and/or {@code key=value} settings (see {@link JobConfig#KEYS}). */
    public static JobConfig parseArgs(String[] args) throws java.io.IOException {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].contains("=")) {
                int eq = args[i].indexOf('=');
                overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument '" + args[i]
                        + "'; usage: EncodeJob [--config FILE] [key=value ...]");
            }
        }
        return file == null ? JobConfig.from(overrides) : JobConfig.read(file, overrides);
    }

    /** Parallelism, exactly-once checkpoints, checkpoint storage and a restart strategy. */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Configuration conf = new Configuration();
        if (config.checkpointDir() != null && !config.checkpointDir().isBlank()) {
            String dir = config.checkpointDir().contains("://") ? config.checkpointDir()
                    : Path.of(config.checkpointDir()).toAbsolutePath().toUri().toString();
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        }
        // a cancelled job keeps its last checkpoint, so the next run resumes mid-upload instead of losing state
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        env.configure(conf);
    }

    /** The sink's encryption: every blob it stores (segments, quilts, manifests) is sealed when a key source is set. */
    static EncryptionSettings encryption(JobConfig config) {
        return config.encrypted() ? EncryptionSettings.of(config.encryptionKeySource(), config.encryptionChunkSize())
                : null;
    }

    /** Sinks of blobs the job stores: segments and quilts (the manifest sink is not capped). */
    static final int BLOB_SINKS = 2;

    /**
     * The sink's budgets: the job's hourly WAL cap shared evenly by the writers of both blob sinks
     * (segments and quilts), and the health gate.
     */
    static SinkLimits limits(JobConfig config) {
        return new SinkLimits(config.walPerHourFrost() == 0 ? 0
                : Math.max(1, config.walPerHourFrost() / ((long) BLOB_SINKS * config.parallelism())), config.healthGate());
    }

    /** Adds the job to {@code env}. Reads the network's shard count from its chain to size blobs and quilts. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        int nShards;
        ClientConfig client = ClientConfig.parse(config.clientConfigJson(), "walrus.client-config");
        try (Chain chain = client.openChain()) {
            nShards = chain.info().nShards();
        }
        build(env, config, nShards);
    }

    /** Adds the job to {@code env} for a network of {@code nShards} shards. */
    static void build(StreamExecutionEnvironment env, JobConfig config, int nShards) {
        RedStuffParams params = RedStuffParams.of(nShards);
        if (config.segmentSize() > params.maxBlobSize()) {
            throw new IllegalArgumentException("segment.size = " + config.segmentSize() + " is larger than the largest blob a "
                    + nShards + "-shard network stores (" + params.maxBlobSize() + " bytes)");
        }
        if (config.encrypted()) {
            // an envelope adds a header (< 2 KiB with any key ID and a KMS's wrapped key) and 16 bytes per chunk
            long overhead = 2048 + 16 * ((params.maxBlobSize() + config.encryptionChunkSize() - 1)
                    / config.encryptionChunkSize());
            if (config.segmentSize() > params.maxBlobSize() - overhead) {
                throw new IllegalArgumentException("segment.size = " + config.segmentSize() + " leaves no room for "
                        + "encryption: an encrypted segment must fit the largest blob of a " + nShards + "-shard network ("
                        + params.maxBlobSize() + " bytes) with " + overhead + " bytes of envelope; use at most "
                        + (params.maxBlobSize() - overhead));
            }
        }
        int maxPatches = config.quiltMaxPatches() == 0 ? QuiltEncoder.maxPatches(params)
                : Math.min(config.quiltMaxPatches(), QuiltEncoder.maxPatches(params));
        long quiltTarget = Math.min(config.quiltTargetBytes(), params.maxBlobSize() / 2);
        RegistryClientConfig registry = RegistryClientConfig.of(config.registryUrl());

        KafkaSource<DecodedRecord> source = KafkaSource.<DecodedRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.chunksTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        config.fromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new ChunkDeserializer(registry))
                .setProperty("isolation.level", "read_committed")
                .build();
        SingleOutputStreamOperator<ChunkEvent> chunks = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "chunks from " + config.chunksTopic())
                .uid("chunk-source")
                .process(new SplitDecoded()).name("decode").uid("decode");

        SingleOutputStreamOperator<ChunkEvent> uploads = chunks
                .process(new RouteControl()).name("route control records").uid("route-control");

        SingleOutputStreamOperator<BlobTask> segments = uploads
                .keyBy(new UploadKey(), Types.STRING)
                .process(new AssembleUploads(new AssemblyLimits(config.segmentSize(), config.quiltThreshold(),
                        config.maxUploadSize()), config.incompleteTimeout()))
                .name("assemble uploads").uid("assemble-uploads");

        DataStream<BlobTask> quilts = segments.getSideOutput(AssembleUploads.SMALL)
                .keyBy(new PackerKey(config.parallelism()), Types.INT)
                .process(new PackQuilts(nShards, quiltTarget, maxPatches, config.quiltLinger()))
                .name("pack quilts").uid("pack-quilts");

        // Segments and quilts go to two sinks, each the only consumer of its producer, so each chains
        // to it: a segment (up to segment.size) passes to the sink writer in memory. Behind a union
        // (two inputs) Flink's network stack would serialise it and spill every record over 5 MiB
        // to a temporary file and read it back.
        segments.sinkTo(blobSink(config, config.transactionalIdPrefix()))
                .name("walrus sink").uid("walrus-sink");
        quilts.sinkTo(blobSink(config, config.transactionalIdPrefix() + "-quilts"))
                .name("walrus quilt sink").uid("walrus-quilt-sink");

        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", String.valueOf(10 * 60 * 1000));
        producer.setProperty("max.request.size", String.valueOf(DeadLetterSerializer.MAX_RECORD_BYTES));
        DataStream<DeadLetterEvent> dead = chunks.getSideOutput(AssembleUploads.DEAD)
                .union(uploads.getSideOutput(AssembleUploads.DEAD), segments.getSideOutput(AssembleUploads.DEAD));
        if (config.manifests()) {
            buildManifests(env, config, registry, uploads, segments.getSideOutput(AssembleUploads.DEAD));
        }
        dead.sinkTo(KafkaSink.<DeadLetterEvent>builder()
                        .setBootstrapServers(config.bootstrapServers())
                        .setRecordSerializer(new DeadLetterSerializer(config.deadLetterTopic(), registry))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-dlq")
                        .setKafkaProducerConfig(producer)
                        .build())
                .name("dead letters to " + config.deadLetterTopic()).uid("dead-letters");
    }

    /** The sink of segment or quilt blobs; {@code transactionalIdPrefix} tells their receipt producers apart. */
    private static WalrusSink blobSink(JobConfig config, String transactionalIdPrefix) {
        return WalrusSink.builder()
                .clientConfigJson(config.clientConfigJson())
                .epochs(config.epochs())
                .deletable(config.deletable())
                .blobsInFlight(config.blobsInFlight())
                .storeAttempts(config.storeAttempts())
                .retryBackoff(Duration.ofSeconds(1))
                .kafka(config.bootstrapServers(), transactionalIdPrefix)
                .receipts(config.registryUrl(), config.receiptsTopic())
                .encryption(encryption(config))
                .limits(limits(config))
                .registerBatching(config.registerBatching())
                .deadLetters(config.deadLetterTopic())
                .build();
    }

    /**
     * Dataset manifests: declarations and close markers (from the chunk source, in partition order),
     * the job's own committed receipts and the dead letters of dataset uploads meet in one builder per
     * dataset version, whose manifests are stored by a sink of their own (certified after the
     * checkpoint like every blob) that writes MANIFEST receipts.
     */
    private static void buildManifests(StreamExecutionEnvironment env, JobConfig config, RegistryClientConfig registry,
                                       SingleOutputStreamOperator<ChunkEvent> uploads,
                                       DataStream<DeadLetterEvent> assemblyDead) {
        KafkaSource<VersionEvent> receipts = KafkaSource.<VersionEvent>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.receiptsTopic())
                .setGroupId(config.groupId() + "-manifests")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ReceiptEvents(registry))
                .setProperty("isolation.level", "read_committed")
                .build();
        DataStream<VersionEvent> certified = env
                .fromSource(receipts, WatermarkStrategy.noWatermarks(), "receipts from " + config.receiptsTopic())
                .uid("manifest-receipt-source");
        DataStream<VersionEvent> failed = assemblyDead.flatMap(new FailedUploads()).name("failed dataset uploads")
                .uid("failed-dataset-uploads");
        WalrusSink manifestSink = WalrusSink.builder()
                .clientConfigJson(config.clientConfigJson())
                .epochs(config.epochs())
                .deletable(false)
                .blobsInFlight(1)
                .storeAttempts(config.storeAttempts())
                .retryBackoff(Duration.ofSeconds(1))
                .kafka(config.bootstrapServers(), config.transactionalIdPrefix() + "-manifests")
                .receipts(config.registryUrl(), config.receiptsTopic())
                .receiptKind(ReceiptKind.MANIFEST)
                .encryption(encryption(config))
                .build();
        DataStream<VersionEvent> uploadsCertified = certified.filter(e -> e.kind != VersionEvent.Kind.MANIFEST_STORED)
                .name("certified uploads").uid("certified-uploads");
        DataStream<VersionEvent> toBuilder = uploads.getSideOutput(RouteControl.VERSIONS)
                .union(uploadsCertified, failed);
        if (config.keeperEnabled()) {
            // the keeper follows the job's receipts per dataset; its renewals reach the version's next snapshot
            DataStream<VersionEvent> renewed = certified
                    .keyBy(new DatasetKey(), Types.STRING)
                    .process(new KeepDatasets(config.clientConfigJson(), config.keeperSettings(),
                            config.keeperInterval()))
                    .name("keep dataset blobs").uid("keep-datasets");
            toBuilder = toBuilder.union(renewed);
        }
        toBuilder
                .keyBy(new VersionKey(), Types.STRING)
                .process(new BuildManifests(config.manifestSnapshotInterval()))
                .name("build dataset manifests").uid("build-manifests")
                .sinkTo(manifestSink).name("manifest sink").uid("manifest-sink")
                .setParallelism(1);
    }

    /** The keeper is keyed by dataset (its budget is per dataset). */
    static final class DatasetKey implements KeySelector<VersionEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(VersionEvent event) {
            return event.dataset;
        }
    }

    /** Dataset versions are keyed by dataset and version. */
    static final class VersionKey implements KeySelector<VersionEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(VersionEvent event) {
            return event.versionKey();
        }
    }

    /** Uploads are keyed by their id. */
    static final class UploadKey implements KeySelector<ChunkEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ChunkEvent chunk) {
            return chunk.uploadId;
        }
    }

    /** Small uploads spread over as many quilt packers as the job has parallel tasks. */
    static final class PackerKey implements KeySelector<SmallUpload, Integer> {
        private static final long serialVersionUID = 1L;
        private final int packers;

        PackerKey(int packers) {
            this.packers = packers;
        }

        @Override
        public Integer getKey(SmallUpload upload) {
            return Math.floorMod(upload.part.uploadId().hashCode(), packers);
        }
    }
}
