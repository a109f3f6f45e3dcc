package dev.walrusstream.app.stack;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DefaultTopics;
import dev.walrusstream.schemas.Sha256;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stopping the whole stack in the middle of an upload and starting it again on the same directory:
 * the job resumes from its retained checkpoint (the half-assembled upload is in its state), the
 * rest of the chunks arrive, and the upload ends certified and readable, exactly once.
 */
class StackRestartIT {
    @TempDir
    Path dir;

    @Test
    void anUploadHalfAssembledBeforeAStopCompletesAfterTheRestart() throws Exception {
        byte[] data = new byte[900_000];
        new Random(9).nextBytes(data);
        int chunk = 100_000;
        StackOptions options = StackOptions.defaults(dir.resolve("stack")).withJob("segment.size", "1MiB")
                .withJob("quilt.threshold", "1KiB");
        try (EmbeddedStack stack = EmbeddedStack.start(options, quiet())) {
            send(stack, "restart-me", data, chunk, 0, 5);
            // let a checkpoint complete with the first chunks in the job's state
            Thread.sleep(4 * options.checkpointInterval().toMillis());
        }
        try (EmbeddedStack stack = EmbeddedStack.start(options, quiet())) {
            send(stack, "restart-me", data, chunk, 5, 9);
            try (ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                    stack.services().registryUrl(), stack.jobConfig().receiptsTopic())) {
                Map<String, List<BlobReceipt>> byUpload = ReceiptWatcher.awaitUploads(receipts, null, List.of("restart-me"),
                        Duration.ofMinutes(3), r -> { });
                receipts.poll(Duration.ofSeconds(2));
                List<BlobReceipt> mine = ReceiptWatcher.byUpload(receipts.all()).get("restart-me");
                assertEquals(1, mine.size(), "one blob, one receipt: " + mine);
                try (StorageClient client = stack.newClient()) {
                    assertArrayEquals(data, client.read(BlobId.parse(byUpload.get("restart-me").get(0).getBlobId())));
                }
            }
        }
    }

    private static void send(EmbeddedStack stack, String id, byte[] data, int chunk, int from, int to) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.services().bootstrapServers());
        AvroWireSerializer<BlobChunk> wire = AvroWireSerializer.specific(stack.services().registryClient(),
                SubjectNameStrategy.valueSubject(DefaultTopics.CHUNKS), BlobChunk.class, true);
        int count = (data.length + chunk - 1) / chunk;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                int start = i * chunk;
                byte[] part = java.util.Arrays.copyOfRange(data, start, Math.min(data.length, start + chunk));
                boolean last = i == count - 1;
                BlobChunk c = BlobChunk.newBuilder().setUploadId(id).setSequence(i).setOffset(start).setLast(last)
                        .setData(ByteBuffer.wrap(part)).setSourceName(id + ".bin").setAttributes(new HashMap<>())
                        .setTotalSize(last ? (long) data.length : null)
                        .setSha256(last ? new Sha256(MessageDigest.getInstance("SHA-256").digest(data)) : null)
                        .build();
                producer.send(new ProducerRecord<>(DefaultTopics.CHUNKS, id.getBytes(StandardCharsets.UTF_8), wire.serialize(c))).get();
            }
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
