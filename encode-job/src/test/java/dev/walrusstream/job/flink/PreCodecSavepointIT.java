package dev.walrusstream.job.flink;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltReader;
import dev.walrusstream.job.assembly.AssemblyLimits;
import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.DeadLetterEvent;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A savepoint written by the job before its state had explicit codecs restores in this build, with
 * uploads in flight. {@code state/pre-codec-savepoint/_metadata} is a real canonical savepoint taken
 * by the build of commit 004707d (the last before the codecs; its assembler and quilt packer state
 * written by Flink's POJO serializer, {@code UploadState} and {@code SmallUpload} with a nested
 * {@code BlobPart} POJO), by the script kept beside it ({@code OldFormatSavepointTest.java.txt}, its
 * Javadoc gives the command). At that savepoint 9 of 14 chunks had been read: upload L1 had its
 * segment 0 cut and 200 bytes of segment 1 pending with its running SHA-256, S1 and S2 waited in the
 * packer, S3 had one of its two chunks, F was a tombstone after a sequence gap;
 * {@code emitted-before.txt} is what the old job had emitted. The old job's incomplete-upload timeout and
 * quilt linger are 1000 years: their timers are stored as wall-clock instants, and with one hour every
 * run more than an hour after the savepoint found the packer's timer due and cut S1 and S2 alone.
 *
 * <p>This build restores it (the codec snapshots declare the POJO state compatible after migration)
 * and reads the 5 remaining chunks: every upload must end exactly once, whole (L1's last chunk
 * carries the SHA-256 of all 1,750 bytes, checked against the digest carried over in state), S1..S4
 * in one quilt, F's late chunk dead-lettered with the tombstone's reason. Without the restored state
 * the same chunks give sequence gaps instead, so the test cannot pass without the restore.
 */
class PreCodecSavepointIT {
    /** Same chunks as the script: index → upload id, sequence, length, last. */
    static final Object[][] CHUNKS = {
            {"L1", 0, 300, false}, {"S1", 0, 100, true}, {"L1", 1, 300, false}, {"S2", 0, 150, true},
            {"L1", 2, 300, false}, {"L1", 3, 300, false}, {"S3", 0, 120, false}, {"F", 0, 50, false},
            {"F", 2, 50, false},
            {"L1", 4, 300, false}, {"S3", 1, 80, true}, {"F", 3, 50, false}, {"L1", 5, 250, true},
            {"S4", 0, 60, true}};
    static final int READ_BEFORE_SAVEPOINT = 9;
    static final Map<String, Integer> SIZES = Map.of("L1", 1750, "S1", 100, "S2", 150, "S3", 200, "S4", 60);

    static final Queue<String> OUT = new ConcurrentLinkedQueue<>();
    static final Queue<Long> READ = new ConcurrentLinkedQueue<>();
    static final Map<String, byte[]> QUILT_PATCHES = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void aSavepointOfThePojoStateFormatRestoresAndEveryUploadEndsOnce() throws Exception {
        Path savepoint = dir.resolve("savepoint");
        Files.createDirectories(savepoint);
        try (InputStream in = resource("_metadata")) {
            Files.copy(in, savepoint.resolve("_metadata"));
        }
        List<String> before;
        try (InputStream in = resource("emitted-before.txt")) {
            before = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(200);
        DataGeneratorSource<ChunkEvent> source = new DataGeneratorSource<>(PreCodecSavepointIT::chunk, CHUNKS.length,
                RateLimiterStrategy.noOp(), TypeInformation.of(ChunkEvent.class));
        SingleOutputStreamOperator<BlobTask> segments = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "chunks").uid("pre-codec-chunks")
                .map(c -> { READ.add(c.kafkaOffset); return c; }, TypeInformation.of(ChunkEvent.class)).uid("count-chunks")
                .keyBy(c -> c.uploadId, Types.STRING)
                .process(new AssembleUploads(new AssemblyLimits(1000, 400, 1 << 20), Duration.ofHours(1)))
                .name("assemble uploads").uid("assemble-uploads");
        SingleOutputStreamOperator<BlobTask> quilts = segments.getSideOutput(AssembleUploads.SMALL)
                .keyBy(s -> 0, Types.INT)
                .process(new PackQuilts(10, 500_000, 4, Duration.ofHours(1)))
                .name("pack quilts").uid("pack-quilts");
        segments.union(quilts).map(PreCodecSavepointIT::describe, Types.STRING).uid("describe-blobs")
                .union(segments.getSideOutput(AssembleUploads.DEAD).map(PreCodecSavepointIT::describe, Types.STRING)
                        .uid("describe-dead"))
                .sinkTo(new Collect()).uid("collect");
        env.execute("restore a pre-codec savepoint");

        assertEquals(List.of(9L, 10L, 11L, 12L, 13L), new ArrayList<>(READ),
                "the source resumed from the savepoint: only the chunks after it were read");
        assertEquals(List.of("dead F SEQUENCE_GAP @8", "segment L1#0/0 " + sha(bytes("L1", 0, 1000))), before,
                "what the old build emitted before its savepoint");
        List<String> after = new ArrayList<>(OUT);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);

        // L1: segment 0 before the savepoint, segment 1 (the 200 bytes from state + 550) after it, each once
        assertEquals(1, all.stream().filter(s -> s.startsWith("segment L1#0/")).count(), "L1 segment 0 once: " + all);
        assertTrue(after.contains("segment L1#1/2 " + sha(bytes("L1", 1000, 750))),
                "L1's last segment holds the pending bytes restored from the old state, and its SHA-256 check "
                        + "(over the digest carried in that state) passed: " + after);
        // S1, S2 from the packer's old state, S3 from the assembler's, S4 new: one quilt, each once and whole
        List<String> quiltLines = all.stream().filter(s -> s.startsWith("quilt ")).toList();
        assertEquals(1, quiltLines.size(), "one quilt: " + all);
        assertTrue(quiltLines.get(0).startsWith("quilt S1#0/1,S2#0/1,S3#0/1,S4#0/1 "), quiltLines.get(0));
        for (String s : List.of("S1", "S2", "S3", "S4")) {
            assertArrayEquals(bytes(s, 0, SIZES.get(s)), QUILT_PATCHES.get(s), s + " is whole in the quilt");
        }
        // F stays failed with the reason its tombstone kept; nothing expired, nothing checksum-failed
        assertTrue(after.contains("dead F SEQUENCE_GAP @11"), "F's late chunk is dead-lettered with the restored "
                + "tombstone's reason: " + after);
        assertEquals(3, after.size(), "exactly: L1's last segment, the quilt, F's late chunk and nothing else: " + after);
    }

    private static InputStream resource(String name) {
        InputStream in = PreCodecSavepointIT.class.getResourceAsStream("/state/pre-codec-savepoint/" + name);
        if (in == null) {
            throw new IllegalStateException("test resource state/pre-codec-savepoint/" + name + " is missing");
        }
        return in;
    }

    static byte[] bytes(String upload, long from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ((upload.hashCode() * 31 + from + i) & 0xFF);
        }
        return b;
    }

    static long offsetOf(int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            if (CHUNKS[i][0].equals(CHUNKS[index][0])) {
                offset += (int) CHUNKS[i][2];
            }
        }
        return offset;
    }

    static ChunkEvent chunk(long index) throws Exception {
        Object[] c = CHUNKS[(int) index];
        String upload = (String) c[0];
        ChunkEvent e = new ChunkEvent();
        e.uploadId = upload;
        e.sequence = (int) c[1];
        e.offset = offsetOf((int) index);
        e.last = (boolean) c[3];
        e.data = bytes(upload, e.offset, (int) c[2]);
        e.contentType = "application/octet-stream";
        e.sourceName = upload.toLowerCase() + ".bin";
        e.attributes.put("origin", "pre-codec savepoint");
        if (e.last) {
            e.totalSize = e.offset + e.data.length;
            e.sha256 = MessageDigest.getInstance("SHA-256").digest(bytes(upload, 0, (int) e.totalSize));
        }
        e.topic = "chunks";
        e.partition = 0;
        e.kafkaOffset = index;
        e.timestamp = 1_700_000_000_000L + index;
        e.originalKey = upload.getBytes(StandardCharsets.UTF_8);
        e.originalValue = new byte[]{(byte) index};
        return e;
    }

    static String sha(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(BlobTask t) {
        List<String> parts = new ArrayList<>();
        for (BlobPart p : t.parts) {
            parts.add(p.uploadId() + "#" + p.segment() + "/" + p.segments());
        }
        if (t.quilt) {
            Map<String, String> uploadOf = new HashMap<>();
            t.parts.forEach(p -> uploadOf.put(p.identifier(), p.uploadId()));
            for (QuiltPatch patch : QuiltReader.readAll(RedStuffParams.of(10), t.data)) {
                QUILT_PATCHES.put(uploadOf.get(patch.identifier()), patch.data());
            }
        }
        return (t.quilt ? "quilt " : "segment ") + String.join(",", parts) + " " + sha(t.data);
    }

    static String describe(DeadLetterEvent d) {
        return "dead " + d.uploadId + " " + d.reason + " @" + d.offset;
    }

    static final class Collect implements Sink<String> {
        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String element, Context c) {
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
