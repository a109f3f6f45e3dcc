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
 */
public final class WalrusSink implements Sink<BlobTask>, SupportsCommitter<WalrusCommittable>,
        SupportsPostCommitTopology<WalrusCommittable> {
    private static final long serialVersionUID = 1L;

    private final SinkSettings settings;
    private final dev.walrusstream.schemas.ReceiptKind receiptKind;

    public WalrusSink(SinkSettings settings) {
        this(settings, dev.walrusstream.schemas.ReceiptKind.UPLOAD);
    }

    /** A sink whose receipts all have {@code receiptKind} (the job's manifest sink writes MANIFEST receipts). */
    public WalrusSink(SinkSettings settings, dev.walrusstream.schemas.ReceiptKind receiptKind) {
        this.settings = settings;
        this.receiptKind = receiptKind;
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
        committables
                .flatMap(new ReceiptMapper(settings.registryUrl(), settings.receiptsTopic(), receiptKind))
                .name("receipts")
                .sinkTo(KafkaSink.<KafkaRecord>builder()
                        .setBootstrapServers(settings.bootstrapServers())
                        .setRecordSerializer(new KafkaRecord.Serializer(settings.receiptsTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-receipts")
                        .setKafkaProducerConfig(producer)
                        .build())
                .name("receipts to " + settings.receiptsTopic());
    }
}
