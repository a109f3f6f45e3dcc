package dev.walrusstream.app.stack;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.client.QuiltRead;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.app.SdkQuiltSliverReads;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltPatchId;
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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product end to end, all real: files ingested into a KRaft broker through the registry process,
 * the encode job on MiniCluster, blobs and quilts certified on a 4-node committee over HTTP, receipts
 * read back with read_committed, every blob read back byte for byte, quilt patches read from their
 * own columns only.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    @TempDir
    static Path dir;
    static EmbeddedStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = EmbeddedStack.start(StackOptions.defaults(dir.resolve("stack")),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void filesOfMixedSizesEndCertifiedAndReadBackIdentical() throws Exception {
        Path files = dir.resolve("files");
        Files.createDirectories(files.resolve("samples"));
        Random random = new Random(11);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            written.add(StackFiles.write(files.resolve("samples/sample-" + i + ".json"), random, 100 + random.nextInt(20_000)));
        }
        written.add(StackFiles.write(files.resolve("empty.bin"), random, 0));
        written.add(StackFiles.write(files.resolve("video-a.bin"), random, 3_000_000));
        written.add(StackFiles.write(files.resolve("video-b.bin"), random, 700_000));

        IngestReport report = StackFiles.ingest(stack, List.of(files.toString()), 64 * 1024);
        assertEquals(written.size(), report.uploads().size());
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

        Map<String, String> sdkMisreads = new java.util.TreeMap<>();
        try (StorageClient client = stack.newClient()) {
            int quiltPatches = 0;
            for (UploadResult upload : report.uploads()) {
                List<BlobReceipt> mine = new ArrayList<>(receipts.get(upload.uploadId()));
                mine.sort(Comparator.comparingInt(BlobReceipt::getSegment));
                assertFalse(mine.isEmpty(), "receipts of " + upload.sourceName());
                assertEquals(mine.get(mine.size() - 1).getSegments(), mine.size(), "one receipt per segment of " + upload.sourceName());
                byte[] original = Files.readAllBytes(dir.resolve(upload.sourceName()));
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                for (BlobReceipt r : mine) {
                    assertEquals(StoreStatus.NEWLY_CREATED, r.getStatus(), upload.sourceName() + ": " + r);
                    assertNotNull(r.getObjectId());
                    assertEquals(upload.topic(), r.getSource().getTopic());
                    byte[] part;
                    if (r.getQuiltPatchId() != null) {
                        quiltPatches++;
                        QuiltPatchId patchId = QuiltPatchId.parse(r.getQuiltPatchId());
                        QuiltRead read = client.readQuiltPatch(patchId);
                        assertFalse(read.wholeBlobFallback(), "all columns of " + upload.sourceName() + " were available");
                        assertEquals(patchId.endColumn() - patchId.startColumn(), read.columnsFetched().size(),
                                "only the patch's own columns are fetched");
                        part = read.patch().data();
                        BlobMetadata quilt = client.metadata(patchId.quiltId());
                        int columnSize = RedStuffParams.of(quilt.nShards()).primarySymbols() * quilt.symbolSize();
                        SdkQuiltSliverReads.misreadField(read.patch(), columnSize)
                                .ifPresent(field -> sdkMisreads.put(r.getQuiltPatchId(), field + ", " + columnSize + "-byte columns"));
                    } else {
                        part = client.read(BlobId.parse(r.getBlobId()));
                    }
                    assertEquals(r.getSize(), part.length);
                    assertArrayEquals(r.getSha256().bytes(), sha256(part), "receipt SHA-256 of " + upload.sourceName());
                    back.writeBytes(part);
                }
                assertArrayEquals(original, back.toByteArray(), upload.sourceName() + " reads back identical");
            }
            assertTrue(quiltPatches >= 13, "the small files and the empty one were packed into quilts: " + quiltPatches);

            // the embedded default certifies through SuiChain (signed Sui transactions over gRPC)
            assertEquals("sui", client.chain().info().kind(), "the stack's ledger");
            // nothing paid twice: every blob ID has exactly one registration
            Set<String> blobIds = new HashSet<>();
            receipts.values().forEach(list -> list.forEach(r -> blobIds.add(r.getBlobId())));
            for (String blobId : blobIds) {
                List<BlobObject> objects = client.chain().ownedBlobObjects(BlobId.parse(blobId));
                assertEquals(1, objects.size(), "registrations of " + blobId);
                assertTrue(objects.get(0).isCertified());
            }
            assertTrue(blobIds.size() < report.uploads().size(), "quilts hold several uploads: " + blobIds.size() + " blobs");
        }
        officialSdkReads(receipts, sdkMisreads);
    }

    /**
     * The official Walrus SDK (interop/walrus-sdk, scenarios/read-listed.test.mjs) reads a few of the
     * blobs and quilt patches the pipeline wrote, by the IDs in the receipts, and compares SHA-256 with
     * the receipts' (one {@code node --test} run; needs Node ≥ 20 and npm, fails naming them). Patches in
     * {@code sdkMisreads} are not listed: SDK 1.2.13 reads them wrong from slivers whatever wrote them
     * ({@link SdkQuiltSliverReads}); which were left out, and why, is printed.
     */
    static void officialSdkReads(Map<String, List<BlobReceipt>> receipts, Map<String, String> sdkMisreads) throws Exception {
        dev.walrusstream.app.NodeSuite suite = dev.walrusstream.app.NodeSuite.interop("walrus-sdk");
        suite.requireTools();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode expected = json.createObjectNode();
        var blobs = expected.putArray("blobs");
        var patches = expected.putArray("patches");
        List<BlobReceipt> all = new ArrayList<>();
        receipts.values().forEach(all::addAll);
        all.sort(Comparator.comparing(BlobReceipt::getBlobId).thenComparing(r -> String.valueOf(r.getQuiltPatchId())));
        for (BlobReceipt r : all) {
            String sha = java.util.HexFormat.of().formatHex(r.getSha256().bytes());
            if (r.getQuiltPatchId() == null && blobs.size() < 3) {
                blobs.addObject().put("blobId", r.getBlobId()).put("sha256", sha);
            } else if (r.getQuiltPatchId() != null && sdkMisreads.containsKey(r.getQuiltPatchId())) {
                System.out.println("PipelineIT: not asking SDK 1.2.13 to read patch " + r.getQuiltPatchId()
                        + " by ID: its sliver reads would cut the " + sdkMisreads.get(r.getQuiltPatchId()));
            } else if (r.getQuiltPatchId() != null && patches.size() < 4) {
                patches.addObject().put("quiltPatchId", r.getQuiltPatchId()).put("sha256", sha);
            }
        }
        assertTrue(blobs.size() > 0 && patches.size() > 0, "receipts name blobs and quilt patches: " + expected);
        Path file = dir.resolve("sdk-expected.json");
        json.writeValue(file.toFile(), expected);
        suite.installIfMissing(Duration.ofMinutes(5));
        var network = stack.network();
        var chain = json.readTree(Files.readString(network.clientConfig())).path("chain");
        dev.walrusstream.app.NodeSuite.Result r = suite.testFile("scenarios/read-listed.test.mjs", Map.of(
                "WALRUS_SUI_GRPC_URL", network.servedUrl(),
                "WALRUS_SYSTEM_OBJECT", chain.path("systemObject").asText(),
                "WALRUS_STAKING_OBJECT", chain.path("stakingObject").asText(),
                "WALRUS_EXPECTED", file.toString(),
                "WALRUS_PHASE", "what the pipeline wrote"), Duration.ofMinutes(2));
        assertEquals(0, r.exit(), "the SDK read of the pipeline's blobs failed (log " + r.log() + "):\n"
                + dev.walrusstream.app.NodeSuite.tail(r.output()));
        assertEquals(0, dev.walrusstream.app.NodeSuite.count(r.output(), "fail"), r.output());
        assertEquals(2, dev.walrusstream.app.NodeSuite.count(r.output(), "pass"), r.output());
    }



    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
