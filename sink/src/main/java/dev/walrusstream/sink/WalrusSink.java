package dev.walrusstream.sink;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Properties;

/**
 * Flink Sink V2 that stores blob tasks on a Walrus-compatible storage network, exactly once:
 * <ul>
 *   <li>the writer encodes each task, registers it (or reuses an earlier registration of the same
 *       blob ID), uploads metadata and slivers and gathers a quorum of confirmations before the
 *       checkpoint completes;</li>
 *   <li>the committer certifies once the checkpoint completed (idempotently, so a restart
 *       re-certifies what it must and nothing twice);</li>
 *   <li>after certification every part gets a {@code BlobReceipt} on the receipts topic, written by
 *       an exactly-once Kafka sink.</li>
 * </ul>
 * Blob IDs are content addresses: a blob re-sent after a restart finds its registration (or its
 * certification) and is not paid for again.
 *
 * <p>Give the sink a uid ({@code stream.sinkTo(sink).uid("...")}): its receipt producers carry uids of
 * their own ({@code receipts-records}, {@code receipts-producer}, which Flink prefixes with the sink's),
 * and Flink refuses to build a graph where such a sink has none.
 */
public final class WalrusSink implements Sink<BlobTask>, SupportsCommitter<WalrusCommittable>,
        SupportsPostCommitTopology<WalrusCommittable> {
    private static final long serialVersionUID = 1L;

    private final SinkSettings settings;
    private final dev.walrusstream.schemas.ReceiptKind receiptKind;
    /** Where blobs that failed for good are dead-lettered (beside their ERROR receipts), or null for nowhere. */
    private String deadLetterTopic;

    public WalrusSink(SinkSettings settings) {
        this(settings, dev.walrusstream.schemas.ReceiptKind.UPLOAD);
    }

    /** A sink whose receipts all have {@code receiptKind} (the job's manifest sink writes MANIFEST receipts). */
    public WalrusSink(SinkSettings settings, dev.walrusstream.schemas.ReceiptKind receiptKind) {
        this.settings = settings;
        this.receiptKind = receiptKind;
    }

    /** The validated settings this sink runs with. */
    public SinkSettings settings() {
        return settings;
    }

    /** A builder with the defaults of {@code docs/job-settings.md}; {@link Builder#build} validates. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WalrusSink}: only the client configuration, Kafka and the registry have no default. */
    public static final class Builder {
        private String clientConfigJson;
        private EncryptionSettings encryption;
        private SinkLimits limits = SinkLimits.NONE;
        private RegisterBatching registerBatching = RegisterBatching.DEFAULTS;
        private int epochs = 5;
        private boolean deletable;
        private int blobsInFlight = 2;
        private int storeAttempts = 3;
        private java.time.Duration retryBackoff = java.time.Duration.ofSeconds(1);
        private String bootstrapServers;
        private String registryUrl;
        private String receiptsTopic = "walrus.receipts";
        private String transactionalIdPrefix = "walrus-stream";
        private String deadLetterTopic;
        private dev.walrusstream.schemas.ReceiptKind receiptKind = dev.walrusstream.schemas.ReceiptKind.UPLOAD;

        private Builder() {
        }

        /** Blobs that fail for good also get a STORE_FAILED dead letter on {@code topic} (beside the ERROR receipt). */
        public Builder deadLetters(String topic) {
            this.deadLetterTopic = topic;
            return this;
        }

        /** The storage network's client configuration (JSON), shipped to every task. */
        public Builder clientConfigJson(String json) {
            this.clientConfigJson = json;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder deletable(boolean deletable) {
            this.deletable = deletable;
            return this;
        }

        public Builder blobsInFlight(int n) {
            this.blobsInFlight = n;
            return this;
        }

        /** Transient failures in a row after which the sink reports itself paused (it keeps retrying). */
        public Builder storeAttempts(int n) {
            this.storeAttempts = n;
            return this;
        }

        /** The first retry's wait; later ones double, with jitter, up to 30 times this (at least 30 s). */
        public Builder retryBackoff(java.time.Duration initial) {
            this.retryBackoff = initial;
            return this;
        }

        public Builder kafka(String bootstrapServers, String transactionalIdPrefix) {
            this.bootstrapServers = bootstrapServers;
            this.transactionalIdPrefix = transactionalIdPrefix;
            return this;
        }

        public Builder receipts(String registryUrl, String topic) {
            this.registryUrl = registryUrl;
            this.receiptsTopic = topic;
            return this;
        }

        /** The kind of every receipt this sink writes (UPLOAD by default; the job's manifest sink: MANIFEST). */
        public Builder receiptKind(dev.walrusstream.schemas.ReceiptKind kind) {
            this.receiptKind = java.util.Objects.requireNonNull(kind, "receipt kind");
            return this;
        }

        /** Client-side encryption of every blob before encoding (docs/encryption.md); null: none. */
        public Builder encryption(EncryptionSettings encryption) {
            this.encryption = encryption;
            return this;
        }

        /** The hourly WAL cap and the health gate of this sink's writers (docs/lifecycle.md). */
        public Builder limits(SinkLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * How the writers gather registrations into one transaction (docs/sink-reliability.md); batches
         * never hold more blobs than {@link #blobsInFlight}.
         */
        public Builder registerBatching(RegisterBatching batching) {
            this.registerBatching = java.util.Objects.requireNonNull(batching, "register batching");
            return this;
        }

        public WalrusSink build() {
            if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
                throw new IllegalArgumentException("the sink's retry backoff must be positive, got " + retryBackoff);
            }
            for (String[] v : new String[][]{{"Kafka bootstrap servers", bootstrapServers}, {"schema registry URL", registryUrl},
                    {"receipts topic", receiptsTopic}, {"transactional id prefix", transactionalIdPrefix}}) {
                if (v[1] == null || v[1].isBlank()) {
                    throw new IllegalArgumentException("the Walrus sink needs the " + v[0] + ", got '" + v[1] + "'");
                }
            }
            WalrusSink sink = new WalrusSink(new SinkSettings(clientConfigJson, epochs, deletable, blobsInFlight, storeAttempts,
                    retryBackoff, bootstrapServers, registryUrl, receiptsTopic, transactionalIdPrefix, encryption, limits,
                    registerBatching),
                    receiptKind);
            if (deadLetterTopic != null && deadLetterTopic.isBlank()) {
                throw new IllegalArgumentException("the dead-letter topic must not be blank");
            }
            sink.deadLetterTopic = deadLetterTopic;
            return sink;
        }
    }

    @Override
    public SinkWriter<BlobTask> createWriter(WriterInitContext context) {
        return new WalrusSinkWriter(settings, context.metricGroup());
    }

    @Override
    public Committer<WalrusCommittable> createCommitter(CommitterInitContext context) {
        return new WalrusCommitter(settings, context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<WalrusCommittable> getCommittableSerializer() {
        return new WalrusCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<WalrusCommittable>> committables) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", String.valueOf(10 * 60 * 1000));
        producer.setProperty("enable.idempotence", "true");
        producer.setProperty("acks", "all");
        // one branch: Flink's sink expander allows a single use of the committables; dead letters ride along by topic
        ReceiptMapper receipts = new ReceiptMapper(settings.registryUrl(), settings.receiptsTopic(), receiptKind);
        StoreFailureDeadLetters deadLetters = deadLetterTopic == null ? null
                : new StoreFailureDeadLetters(settings.registryUrl(), deadLetterTopic);
        // explicit uids (Flink prefixes them with the sink's own uid): generated ones depend on the
        // operator's place in the whole job and change when the job's graph does, and Flink then
        // cannot map the receipt producer's state (its prepared transactions) on a restore
        committables
                .flatMap(new PostCommitRecords(receipts, deadLetters))
                .name(deadLetters == null ? "receipts" : "receipts and store failures")
                .uid("receipts-records")
                .sinkTo(KafkaSink.<KafkaRecord>builder()
                        .setBootstrapServers(settings.bootstrapServers())
                        .setRecordSerializer(new KafkaRecord.Serializer(settings.receiptsTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-receipts")
                        .setKafkaProducerConfig(producer)
                        .build())
                .name("receipts to " + settings.receiptsTopic() + (deadLetters == null ? "" : ", store failures to "
                        + deadLetterTopic))
                .uid("receipts-producer");
    }
}
