package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.AssemblyLimits;
import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.sink.BlobTask;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression test of the receipt {@code PipelineFaultsIT} lost about every other run under load:
 * the task crashes while an upload is half read, and the job comes back after longer than
 * {@code upload.incomplete-timeout}. The upload's processing-time timer, restored from the
 * checkpoint, is then overdue and fired at once, before the source had read the rest of the upload
 * again: the upload was dead-lettered {@code INCOMPLETE_UPLOAD}, its replayed chunks
 * {@code SEQUENCE_GAP}, and its last segment never got a receipt although every checkpoint completed.
 *
 * <p>Deterministic: a checkpointed generator source emits one chunk per completed checkpoint, so the
 * checkpoint that holds chunk 0 in the assembler's keyed state has completed before chunk 1 exists;
 * chunk 1 then crashes the task once, and the fixed restart delay (over twice the timeout) makes the restored
 * timer overdue. The upload must end whole, once, and never be dead-lettered.
 */
class IncompleteUploadRestoreIT {
    static final Duration TIMEOUT = Duration.ofSeconds(5); // above the checkpoint that must complete before the crash, even under load
    static final Duration RESTART_DELAY = Duration.ofSeconds(12);
    static final int CHUNKS = 3;
    static final int CHUNK_SIZE = 100;

    static final Queue<String> OUT = new ConcurrentLinkedQueue<>();
    /** How often each chunk went through the source side: chunk 0 once proves it came back from state. */
    static final AtomicInteger[] SEEN = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    static final AtomicLong CHUNK0_AT = new AtomicLong();
    static final AtomicLong CRASHED_AT = new AtomicLong();
    static final AtomicLong BACK_AT = new AtomicLong();
    static final AtomicInteger OUT_AT_CRASH = new AtomicInteger(-1);

    @Test
    @Timeout(180)
    void anUploadHalfReadAtACrashEndsWholeWhenTheJobComesBackAfterTheTimeout() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RESTART_DELAY);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(100);

        DataGeneratorSource<ChunkEvent> source = new DataGeneratorSource<>(IncompleteUploadRestoreIT::chunk, CHUNKS,
                RateLimiterStrategy.perCheckpoint(1), TypeInformation.of(ChunkEvent.class));
        SingleOutputStreamOperator<BlobTask> assembled = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "chunks, one per checkpoint")
                .map(new CrashOnChunk1(), TypeInformation.of(ChunkEvent.class))
                .keyBy(c -> c.uploadId, Types.STRING)
                .process(new AssembleUploads(new AssemblyLimits(1000, 1000, 1 << 20), TIMEOUT));
        assembled.getSideOutput(AssembleUploads.SMALL)
                .map(s -> "small " + s.part.uploadId() + " " + java.util.HexFormat.of().formatHex(s.data), Types.STRING)
                .union(assembled.getSideOutput(AssembleUploads.DEAD).map(d -> "dead " + d.reason + ": " + d.message, Types.STRING),
                        assembled.map(t -> "segment " + t.name, Types.STRING))
                .sinkTo(new QueueSink());
        env.execute("incomplete upload across a restore");

        List<String> out = new ArrayList<>(OUT);
        assertTrue(CRASHED_AT.get() > 0, "the crash struck");
        assertEquals(0, OUT_AT_CRASH.get(), "the upload was still outstanding at the crash (nothing emitted yet): " + out);
        assertTrue(BACK_AT.get() - CHUNK0_AT.get() > TIMEOUT.toMillis(), "the job came back after the upload's timer "
                + "was due: chunk 0 read at " + CHUNK0_AT + ", chunk 1 read again at " + BACK_AT);
        assertEquals(1, SEEN[0].get(), "chunk 0 was read once: after the crash it came from the restored keyed state");
        assertEquals(2, SEEN[1].get(), "chunk 1 was read twice: the crash, then the replay from the checkpoint");
        assertTrue(out.stream().noneMatch(s -> s.startsWith("dead ")), "no dead letter for a whole upload: " + out);
        assertEquals(List.of("small u " + java.util.HexFormat.of().formatHex(bytes())), out, "the upload ended whole, once");
    }

    static byte[] bytes() {
        byte[] all = new byte[CHUNKS * CHUNK_SIZE];
        new Random(42).nextBytes(all);
        return all;
    }

    static ChunkEvent chunk(long i) {
        ChunkEvent c = new ChunkEvent();
        c.uploadId = "u";
        c.sequence = i;
        c.offset = i * CHUNK_SIZE;
        c.data = java.util.Arrays.copyOfRange(bytes(), (int) i * CHUNK_SIZE, (int) (i + 1) * CHUNK_SIZE);
        c.last = i == CHUNKS - 1;
        c.totalSize = c.last ? (long) CHUNKS * CHUNK_SIZE : -1;
        c.sourceName = "u.bin";
        c.topic = "walrus.chunks";
        c.kafkaOffset = i;
        c.originalValue = new byte[0];
        return c;
    }

    /** Counts the chunks read and fails the task the first time chunk 1 arrives. */
    static final class CrashOnChunk1 implements MapFunction<ChunkEvent, ChunkEvent> {
        @Override
        public ChunkEvent map(ChunkEvent c) {
            int n = SEEN[(int) c.sequence].incrementAndGet();
            if (c.sequence == 0) {
                CHUNK0_AT.set(System.currentTimeMillis());
            }
            if (c.sequence == 1 && n == 1) {
                CRASHED_AT.set(System.currentTimeMillis());
                OUT_AT_CRASH.set(OUT.size());
                throw new IllegalStateException("injected crash with upload u half read");
            }
            if (c.sequence == 1) {
                BACK_AT.set(System.currentTimeMillis());
            }
            return c;
        }
    }

    /** Collects into {@link #OUT}, in every attempt (a dead letter from any attempt shows). */
    static final class QueueSink implements Sink<String> {
        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String element, Context ctx) {
                    OUT.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
