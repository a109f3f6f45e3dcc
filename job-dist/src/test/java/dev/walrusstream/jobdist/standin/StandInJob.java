package dev.walrusstream.jobdist.standin;

import dev.walrusstream.job.JobConfig;
import dev.walrusstream.job.flink.ChunkDeserializer;
import dev.walrusstream.job.flink.DecodedRecord;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stand-in for the encode job while it is being written: the same contract (chunks from
 * {@code walrus.chunks} in, blobs certified on the storage network, one {@code BlobReceipt} per upload
 * on {@code walrus.receipts}, exactly once) with the simplest pipeline: whole uploads gathered in keyed
 * state, stored one blob per upload with the storage client, receipts through a transactional Kafka sink.
 * Same arguments as the real job: {@code --config FILE [KEY=VALUE...]}.
 */
public final class StandInJob {
    private StandInJob() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                config = Path.of(args[++i]);
            } else {
                int eq = args[i].indexOf('=');
                overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
        }
        JobConfig c = JobConfig.read(config, overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, c);
        env.execute("walrus-stream stand-in");
    }

    static void build(StreamExecutionEnvironment env, JobConfig c) {
        env.setParallelism(c.parallelism());
        env.enableCheckpointing(c.checkpointInterval().toMillis());
        if (!c.checkpointDir().isBlank()) {
            Configuration conf = new Configuration();
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.checkpointDir());
            env.configure(conf);
        }
        RegistryClientConfig registry = RegistryClientConfig.of(c.registryUrl());
        KafkaSource<DecodedRecord> source = KafkaSource.<DecodedRecord>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopics(c.chunksTopic())
                .setGroupId(c.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new ChunkDeserializer(registry))
                .build();
        DataStream<UploadBytes> uploads = env.fromSource(source, WatermarkStrategy.noWatermarks(), "chunks")
                .filter(r -> r.chunk != null).name("decoded")
                .keyBy(r -> r.chunk.uploadId)
                .process(new CollectUpload()).name("collect uploads");
        DataStream<StoredUpload> receipts = uploads
                .map(new StoreUpload(c.clientConfigJson(), c.epochs())).name("store blobs");
        KafkaSink<StoredUpload> sink = KafkaSink.<StoredUpload>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setRecordSerializer(new ReceiptSerializer(c.receiptsTopic(), registry))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(c.transactionalIdPrefix() + "-standin")
                .setProperty("transaction.timeout.ms", "600000")
                .build();
        receipts.sinkTo(sink).name("receipts");
    }
}
