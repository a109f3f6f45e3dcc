package dev.walrusstream.app;

import dev.walrusstream.testsupport.NodeSlivers;

import dev.walrusstream.app.stack.EmbeddedStack;
import dev.walrusstream.app.stack.StackFiles;
import dev.walrusstream.app.stack.ReceiptWatcher;
import dev.walrusstream.client.EncryptedReads;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.StoreStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encode job with {@code encryption.key-source} set, end to end on the embedded stack (KRaft
 * broker, registry process, MiniCluster, 4 nodes, LocalChain served as Sui): every blob and quilt
 * is encrypted in the sink before encoding; receipts carry the key ID and wrapped key; the files
 * read back (blobs, quilt patches, ranges) with the key and are refused without it; the bytes the
 * nodes hold contain no plaintext.
 */
class EncryptedPipelineIT {
    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static Path key;
    static String keyId;

    @BeforeAll
    static void startStack() throws Exception {
        key = dir.resolve("pipeline.key");
        keyId = KeySources.generateKeyFile(key);
        stack = StackFiles.startQuiet(StackFiles.smallSegments(dir.resolve("stack"))
                .withJob("encryption.key-source", "file:" + key));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void encryptedBlobsAndQuiltsReadBackWithTheKeyAndNodesHoldNoPlaintext() throws Exception {
        Path files = dir.resolve("files");
        Files.createDirectories(files);
        Random random = new Random(5);
        for (int i = 0; i < 5; i++) {
            StackFiles.write(files.resolve("small-" + i + ".json"), random, 500 + random.nextInt(20_000));
        }
        StackFiles.write(files.resolve("medium.bin"), random, 300_000);
        StackFiles.write(files.resolve("large.bin"), random, 2_500_000);

        IngestReport report = StackFiles.ingest(stack, List.of(files.toString()), 64 * 1024);
        Set<String> ids = new HashSet<>();
        report.uploads().forEach(u -> ids.add(u.uploadId()));
        Map<String, List<BlobReceipt>> receipts;
        try (ReceiptWatcher<BlobReceipt> watcher = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                stack.services().registryUrl(), stack.jobConfig().receiptsTopic());
             ReceiptWatcher<DeadLetter> dead = ReceiptWatcher.deadLetters(stack.services().bootstrapServers(),
                     stack.services().registryUrl(), stack.jobConfig().deadLetterTopic())) {
            receipts = ReceiptWatcher.awaitUploads(watcher, dead, ids, Duration.ofMinutes(4), r -> { });
            assertTrue(dead.poll(Duration.ofMillis(200)).isEmpty(), "no dead letters: " + dead.all());
        }

        KeySource keys = KeySources.open("file:" + key);
        int patches = 0;
        int segmentsOfLarge = 0;
        try (StorageClient client = stack.newClient()) {
            EncryptedReads reads = new EncryptedReads(client, keys);
            for (UploadResult upload : report.uploads()) {
                List<BlobReceipt> mine = new ArrayList<>(receipts.get(upload.uploadId()));
                mine.sort(Comparator.comparingInt(BlobReceipt::getSegment));
                byte[] original = Files.readAllBytes(dir.resolve(upload.sourceName()));
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                for (BlobReceipt r : mine) {
                    assertEquals(StoreStatus.NEWLY_CREATED, r.getStatus(), upload.sourceName() + ": " + r);
                    assertNotNull(r.getEncryption(), "receipt of " + upload.sourceName() + " says how it is encrypted");
                    assertEquals(keyId, r.getEncryption().getKeyId());
                    assertEquals(40, r.getEncryption().getWrappedKey().remaining());
                    byte[] stored = client.read(BlobId.parse(r.getBlobId()));
                    assertTrue(EncryptedReads.isEncrypted(stored), "blob of " + upload.sourceName() + " is an envelope");
                    assertEquals(r.getEncryption().getPlaintextSize(), EncryptedReads.plaintextLength(stored));
                    byte[] part;
                    if (r.getQuiltPatchId() != null) {
                        patches++;
                        part = reads.readQuiltPatch(QuiltPatchId.parse(r.getQuiltPatchId())).data();
                    } else {
                        part = reads.read(BlobId.parse(r.getBlobId()));
                        if (upload.sourceName().endsWith("large.bin")) {
                            segmentsOfLarge++;
                        }
                    }
                    assertEquals(r.getSize(), part.length);
                    assertArrayEquals(r.getSha256().bytes(), MessageDigest.getInstance("SHA-256").digest(part),
                            "receipt SHA-256 is of the plaintext of " + upload.sourceName());
                    back.writeBytes(part);
                }
                assertArrayEquals(original, back.toByteArray(), upload.sourceName() + " reads back identical");
            }
            assertEquals(5, patches, "the small files went into quilts");
            assertEquals(3, segmentsOfLarge, "2.5 MB in 1 MiB segments");

            UploadResult large = report.uploads().stream().filter(u -> u.sourceName().endsWith("large.bin"))
                    .findFirst().orElseThrow();
            byte[] largeBytes = Files.readAllBytes(dir.resolve(large.sourceName()));
            BlobReceipt second = receipts.get(large.uploadId()).stream().filter(r -> r.getSegment() == 1)
                    .findFirst().orElseThrow();
            BlobId secondId = BlobId.parse(second.getBlobId());
            int base = 1 << 20;
            assertArrayEquals(Arrays.copyOfRange(largeBytes, base + 70_000, base + 200_000),
                    reads.readRange(secondId, 70_000, 200_000), "a range inside segment 1");

            EncryptionException.KeyRefused refused = assertThrows(EncryptionException.KeyRefused.class,
                    () -> new EncryptedReads(client, KeySources.open("file:" + otherKey())).read(secondId));
            assertEquals(keyId, refused.keyId());
            assertTrue(refused.getMessage().contains(keyId), refused.getMessage());

            UploadResult medium = report.uploads().stream().filter(u -> u.sourceName().endsWith("medium.bin"))
                    .findFirst().orElseThrow();
            BlobId mediumId = BlobId.parse(receipts.get(medium.uploadId()).get(0).getBlobId());
            NodeSlivers.Held held = NodeSlivers.of(stack.network(), mediumId, 10);
            assertTrue(held.slivers() >= 14, "slivers fetched from the nodes: " + held.slivers());
            byte[] mediumBytes = Files.readAllBytes(dir.resolve(medium.sourceName()));
            assertEquals(0.0, NodeSlivers.plaintextFound(mediumBytes, held.bytes(), 100),
                    "no 16-byte window of medium.bin is on any node");
            assertEquals(0.0, NodeSlivers.plaintextFound(Arrays.copyOfRange(largeBytes, base, 2 * base),
                    NodeSlivers.of(stack.network(), secondId, 10).bytes(), 100), "nor of large.bin's segment 1");
        }

        Path out = dir.resolve("segment.bin");
        Cli.Run read = Cli.run("read", "--config", stack.network().clientConfig().toString(), "--key-file",
                key.toString(), "--out", out.toString(), "--",
                receipts.get(report.uploads().stream().filter(u -> u.sourceName().endsWith("medium.bin"))
                        .findFirst().orElseThrow().uploadId()).get(0).getBlobId());
        assertEquals(0, read.exit(), read.err());
        assertEquals(300_000, Files.size(out), "read --key-file decrypts what the job stored");
    }

    static Path otherKey() throws Exception {
        Path other = dir.resolve("other.key");
        if (!Files.exists(other)) {
            KeySources.generateKeyFile(other);
        }
        return other;
    }


}
