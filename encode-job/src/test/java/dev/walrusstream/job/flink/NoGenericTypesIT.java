package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.AssemblyLimits;
import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.sink.BlobTask;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembly and quilt-packing half of the job runs on a Flink MiniCluster with generic types
 * disabled ({@code pipeline.generic-types: false}, Flink 2's form of
 * {@code disableGenericTypes()}): any state or channel falling back to Kryo would fail the job
 * graph. Source names of 100 KiB travel through keyed state, side outputs and network channels.
 */
class NoGenericTypesIT {
    @Test
    @org.junit.jupiter.api.Timeout(180)
    void assemblyAndQuiltPackingNeedNoKryo() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        env.enableCheckpointing(100);
        String longName = "n".repeat(100 * 1024);
        List<ChunkEvent> chunks = new ArrayList<>();
        chunks.addAll(chunks("large", new byte[2500], 600, longName));
        for (int i = 0; i < 4; i++) {
            chunks.addAll(chunks("small-" + i, new byte[100 + i], 64, longName + i));
            List<ChunkEvent> plain = chunks("plain-" + i, new byte[50 + i], 64, longName + "p" + i);
            plain.forEach(c -> c.attributes.clear());
            chunks.addAll(plain);
        }
        SingleOutputStreamOperator<BlobTask> segments = env.fromData(chunks, TypeInformation.of(ChunkEvent.class))
                .keyBy(c -> c.uploadId, Types.STRING)
                .process(new AssembleUploads(new AssemblyLimits(1000, 300, 1 << 20), Duration.ofMinutes(1)));
        DataStream<BlobTask> quilts = segments.getSideOutput(AssembleUploads.SMALL)
                .keyBy(u -> 0, Types.INT)
                .process(new PackQuilts(10, 100_000, 2, Duration.ofMinutes(1)));
        List<BlobTask> out = new ArrayList<>();
        try (CloseableIterator<BlobTask> it = segments.union(quilts).executeAndCollect("no generic types")) {
            it.forEachRemaining(out::add);
        }
        long segmentCount = out.stream().filter(t -> !t.quilt).count();
        long quiltCount = out.stream().filter(t -> t.quilt).count();
        assertEquals(3 + 4, segmentCount, "2500 bytes at 1000 per segment, and the 4 small uploads whose 100 KiB"
                + " attributes do not fit a quilt patch header each as a blob of its own: " + out);
        assertEquals(2, quiltCount, "4 small uploads with short attributes, 2 per quilt: " + out);
        for (BlobTask t : out) {
            t.parts.forEach(p -> assertTrue(p.sourceName().startsWith(longName), "the 100 KiB source name survived"));
        }
    }

    static List<ChunkEvent> chunks(String id, byte[] data, int chunkSize, String sourceName) {
        List<ChunkEvent> out = new ArrayList<>();
        int count = Math.max(1, (data.length + chunkSize - 1) / chunkSize);
        for (int i = 0; i < count; i++) {
            ChunkEvent c = new ChunkEvent();
            c.uploadId = id;
            c.sequence = i;
            c.offset = (long) i * chunkSize;
            c.data = java.util.Arrays.copyOfRange(data, Math.min(data.length, i * chunkSize),
                    Math.min(data.length, (i + 1) * chunkSize));
            c.last = i == count - 1;
            c.sourceName = sourceName;
            c.attributes.put("note", sourceName);
            c.topic = "walrus.chunks";
            c.kafkaOffset = i;
            c.originalValue = ("raw-" + i).getBytes();
            if (c.last) {
                c.totalSize = data.length;
            }
            out.add(c);
        }
        return out;
    }
}
