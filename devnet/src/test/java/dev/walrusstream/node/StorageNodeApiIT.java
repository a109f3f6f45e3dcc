package dev.walrusstream.node;

import dev.walrusstream.devnet.network.LocalNetwork;
import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.bls.Bls;
import dev.walrusstream.chain.bls.BlsSignature;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RecoverySymbol;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import dev.walrusstream.codec.bcs.BcsWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real storage node over real HTTP (Jetty, RocksDB, BLS) in a 4-node, 10-shard LocalNetwork:
 * every endpoint of the Walrus storage-node API, and every refusal leaving nothing stored.
 */
class StorageNodeApiIT {
    static final int N = 10;
    static final RedStuff CODEC = RedStuff.create();

    @TempDir
    static Path dir;
    static LocalNetwork network;
    static String node0;

    @BeforeAll
    static void start() throws Exception {
        network = LocalNetwork.init(dir, 4, N, "127.0.0.1")
                .withNodeLimits(NodeLimits.DEFAULTS.withRecovery(Duration.ofMillis(500), Duration.ofSeconds(5)));
        network.start();
        node0 = network.node(0).url();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    static EncodedBlob blob(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return CODEC.encode(N, data);
    }

    static Results.Registration register(EncodedBlob b, boolean deletable) throws Exception {
        Results.Registration r = network.chain().reserveAndRegister(b.blobId(), b.metadata().rootHash(),
                b.unencodedLength(), 1, deletable, 5);
        awaitStatus(b.blobId(), s -> !s.isTextual());
        return r;
    }

    static void awaitStatus(BlobId id, java.util.function.Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (ready.test(Http.get(url(id, "/status")).data())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("node 0 never reached the expected status for " + id);
    }

    static String url(BlobId id, String rest) {
        return node0 + "/v1/blobs/" + id.base64Url() + rest;
    }

    static List<Integer> pairsOfNode0(BlobId id) {
        RedStuffParams p = RedStuffParams.of(N);
        return network.shardsOf(0).stream().map(s -> p.pairOfShard(id, s)).toList();
    }

    static int pairNotOnNode0(BlobId id) {
        List<Integer> mine = pairsOfNode0(id);
        for (int p = 0; p < N; p++) {
            if (!mine.contains(p)) {
                return p;
            }
        }
        throw new AssertionError();
    }

    static void uploadAll(EncodedBlob b, String query) throws Exception {
        if (!Http.get(url(b.blobId(), "/metadata/status")).data().asText().equals("stored")) {
            assertEquals(query.isEmpty() ? 201 : 202, Http.put(url(b.blobId(), "/metadata" + query), b.metadata().toBcs()).status());
        }
        for (int p : pairsOfNode0(b.blobId())) {
            Http.Reply r1 = Http.put(url(b.blobId(), "/slivers/" + p + "/primary" + query), b.pairPrimary(p).toBcs());
            Http.Reply r2 = Http.put(url(b.blobId(), "/slivers/" + p + "/secondary" + query), b.pairSecondary(p).toBcs());
            assertEquals(query.isEmpty() ? 201 : 202, r1.status(), r1.toString());
            assertEquals(query.isEmpty() ? 201 : 202, r2.status(), r2.toString());
        }
    }

    @Test
    void storesServesAndConfirms() throws Exception {
        EncodedBlob b = blob(5000, 1);
        BlobId id = b.blobId();
        register(b, false);
        Http.Reply stored = Http.put(url(id, "/metadata"), b.metadata().toBcs());
        assertEquals(201, stored.status(), stored.toString());
        assertEquals(201, stored.json().path("success").path("code").asInt());
        assertEquals("metadata successfully stored", stored.data().asText());
        Http.Reply again = Http.put(url(id, "/metadata"), b.metadata().toBcs());
        assertEquals(200, again.status());
        assertEquals("metadata already stored", again.data().asText());
        Http.Reply meta = Http.get(url(id, "/metadata"));
        assertArrayEquals(b.metadata().toBcsWithId(id), meta.body());
        assertEquals("stored", Http.get(url(id, "/metadata/status")).data().asText());

        Http.Reply early = Http.get(url(id, "/confirmation/permanent"));
        assertEquals(400, early.status());
        assertEquals("MISSING_SLIVERS", early.reason());

        uploadAll(b, "");
        int p = pairsOfNode0(id).get(0);
        assertEquals("stored", Http.get(url(id, "/slivers/" + p + "/secondary/status")).data().asText());
        assertArrayEquals(b.pairPrimary(p).toBcs(), Http.get(url(id, "/slivers/" + p + "/primary")).body());
        assertEquals(200, Http.put(url(id, "/slivers/" + p + "/primary"), b.pairPrimary(p).toBcs()).status());

        Http.Reply conf = Http.get(url(id, "/confirmation/permanent"));
        assertEquals(200, conf.status(), conf.toString());
        JsonNode signed = conf.data().path("signed");
        byte[] message = Base64.getDecoder().decode(signed.path("serializedMessage").asText());
        assertArrayEquals(new ConfirmationMessage(1, id, PersistenceType.Permanent.INSTANCE).toBcs(), message);
        BlsSignature sig = BlsSignature.fromBase64(signed.path("signature").asText());
        assertTrue(Bls.verify(network.chain().committee().member(0).publicKey(), message, sig));

        JsonNode status = Http.get(url(id, "/status")).data();
        assertEquals(6, status.path("permanent").path("endEpoch").asInt());
        assertFalse(status.path("permanent").path("isCertified").asBoolean());
        assertEquals(0, status.path("permanent").path("deletableCounts").path("count_deletable_total").asInt());
        assertTrue(status.path("permanent").path("statusEvent").has("txDigest"));

        // a restarted node serves everything it stored
        network.stopNode(0);
        network.startNode(0);
        node0 = network.node(0).url();
        assertArrayEquals(b.metadata().toBcsWithId(id), Http.get(url(id, "/metadata")).body());
        assertArrayEquals(b.pairSecondary(p).toBcs(), Http.get(url(id, "/slivers/" + p + "/secondary")).body());
        assertEquals(200, Http.get(url(id, "/confirmation/permanent")).status());
    }

    @Test
    void deletableConfirmationNamesTheObject() throws Exception {
        EncodedBlob b = blob(700, 2);
        Results.Registration r = register(b, true);
        uploadAll(b, "");
        Http.Reply other = Http.get(url(b.blobId(), "/confirmation/deletable/0x1234"));
        assertEquals("NOT_REGISTERED", other.reason());
        Http.Reply permanent = Http.get(url(b.blobId(), "/confirmation/permanent"));
        assertEquals(200, permanent.status(), "any registration lets the node confirm permanently, as in Walrus");
        Http.Reply conf = Http.get(url(b.blobId(), "/confirmation/deletable/" + r.blob().id().hex()));
        assertEquals(200, conf.status(), conf.toString());
        byte[] message = Base64.getDecoder().decode(conf.data().path("signed").path("serializedMessage").asText());
        assertEquals(72, message.length);
        assertEquals(new ConfirmationMessage(1, b.blobId(), new PersistenceType.Deletable(r.blob().id())),
                ConfirmationMessage.parse(message));
        assertEquals(1, Http.get(url(b.blobId(), "/status")).data().path("deletable").path("deletableCounts")
                .path("count_deletable_total").asInt());
    }

    @Test
    void pendingUploadsAreBufferedUntilRegistration() throws Exception {
        EncodedBlob b = blob(3000, 3);
        BlobId id = b.blobId();
        Http.Reply refused = Http.put(url(id, "/metadata"), b.metadata().toBcs());
        assertEquals(400, refused.status());
        assertEquals("NOT_REGISTERED", refused.reason());
        assertEquals("nonexistent", Http.get(url(id, "/metadata/status")).data().asText());
        uploadAll(b, "?pending=true");
        assertEquals("buffered", Http.get(url(id, "/metadata/status")).data().asText());
        int p = pairsOfNode0(id).get(0);
        assertEquals("buffered", Http.get(url(id, "/slivers/" + p + "/primary/status")).data().asText());
        assertEquals("NOT_REGISTERED", Http.get(url(id, "/confirmation/permanent")).reason());
        register(b, false);
        awaitMetadataStored(id);
        assertEquals("stored", Http.get(url(id, "/slivers/" + p + "/primary/status")).data().asText());
        assertEquals(200, Http.get(url(id, "/confirmation/permanent")).status());
    }

    /**
     * Uploads racing the registration: the node flushes its pending cache into RocksDB while slivers
     * keep arriving. Every sliver must be taken (buffered or stored), none refused for missing metadata.
     */
    @Test
    void uploadsRacingTheRegistrationAreAllKept() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 12; i++) {
                EncodedBlob b = blob(200_000 + i, 100 + i);
                BlobId id = b.blobId();
                assertEquals(202, Http.put(url(id, "/metadata?pending=true"), b.metadata().toBcs()).status());
                List<java.util.concurrent.Future<Http.Reply>> replies = new ArrayList<>();
                replies.add(pool.submit(() -> {
                    network.chain().reserveAndRegister(id, b.metadata().rootHash(), b.unencodedLength(), 1, false, 2);
                    return null;
                }));
                for (int p : pairsOfNode0(id)) {
                    replies.add(pool.submit(() -> Http.put(url(id, "/slivers/" + p + "/primary?pending=true"),
                            b.pairPrimary(p).toBcs())));
                    replies.add(pool.submit(() -> Http.put(url(id, "/slivers/" + p + "/secondary?pending=true"),
                            b.pairSecondary(p).toBcs())));
                }
                for (var f : replies) {
                    Http.Reply r = f.get();
                    if (r != null) {
                        assertTrue(r.status() == 201 || r.status() == 202, "blob " + i + ": " + r);
                    }
                }
                Http.Reply conf = Http.get(url(id, "/confirmation/permanent?wait_for_registration=true&wait_millis=10000"));
                assertEquals(200, conf.status(), "blob " + i + " not confirmed: " + conf);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void awaitMetadataStored(BlobId id) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Http.get(url(id, "/metadata/status")).data().asText().equals("stored")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("buffered metadata of " + id + " was never persisted");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void confirmationWaitsForRegistration() throws Exception {
        EncodedBlob b = blob(100, 4);
        uploadAll(b, "?pending=true");
        Thread registrar = new Thread(() -> {
            try {
                Thread.sleep(300);
                network.chain().reserveAndRegister(b.blobId(), b.metadata().rootHash(), b.unencodedLength(), 1, false, 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        registrar.start();
        Http.Reply conf = Http.get(url(b.blobId(), "/confirmation/permanent?wait_for_registration=true&wait_millis=10000"));
        registrar.join();
        assertEquals(200, conf.status(), conf.toString());
    }

    @Test
    void refusalsNameTheReasonAndStoreNothing() throws Exception {
        EncodedBlob b = blob(2000, 5);
        EncodedBlob other = blob(2001, 6);
        BlobId id = b.blobId();
        // unknown blob
        Http.Reply unknown = Http.get(url(id, "/metadata"));
        assertEquals(404, unknown.status());
        assertEquals("METADATA_NOT_FOUND", unknown.reason());
        assertEquals("NOT_FOUND", unknown.json().path("error").path("status").asText());
        assertEquals("storage.walrus.space", unknown.json().path("error").path("details").path(0).path("domain").asText());
        assertEquals("ErrorInfo", unknown.json().path("error").path("details").path(0).path("@type").asText());
        assertEquals("nonexistent", Http.get(url(id, "/status")).data().asText());
        int mine = pairsOfNode0(id).get(0);
        assertEquals("SLIVER_NOT_FOUND", Http.get(url(id, "/slivers/" + mine + "/primary")).reason());
        assertEquals("INVALID_BLOB_ID", Http.get(node0 + "/v1/blobs/not-a-blob-id/metadata").reason());
        assertEquals("NOT_REGISTERED", Http.get(url(id, "/confirmation/permanent")).reason());
        assertEquals("METADATA_NOT_FOUND", Http.get(url(id, "/recoverySymbols?id=0-1")).reason());

        register(b, false);
        // malformed bodies
        byte[] bad = b.metadata().toBcs();
        bad[1] = 0; // encoding type 0 (RaptorQ) is rejected when decoding
        Http.Reply badMeta = Http.put(url(id, "/metadata"), bad);
        assertEquals(400, badMeta.status());
        assertEquals("INVALID_CONTENT_TYPE", badMeta.reason());
        assertEquals("INVALID_CONTENT_TYPE", Http.put(url(id, "/metadata"), new byte[] {0, 1, 2}).reason());
        assertEquals("INVALID_CONTENT_TYPE", Http.put(url(id, "/metadata"), b.metadata().toBcs(), "application/json").reason());
        Http.Reply wrong = Http.put(url(id, "/metadata"), other.metadata().toBcs());
        assertEquals("INVALID_METADATA", wrong.reason());
        assertTrue(wrong.json().path("error").path("message").asText().contains("not to " + id), wrong.toString());
        byte[] huge = new byte[(int) (10 + 1 + 66 * N) + 1];
        Http.Reply tooBig = Http.put(url(id, "/metadata"), huge);
        assertEquals(413, tooBig.status());
        assertEquals("BODY_TOO_LARGE", tooBig.reason());
        assertEquals(671, tooBig.json().path("error").path("details").path(0).path("metadata").path("limit").asInt());
        assertEquals("nonexistent", Http.get(url(id, "/metadata/status")).data().asText());

        // slivers before metadata, then with metadata
        assertEquals("METADATA_NOT_FOUND", Http.put(url(id, "/slivers/" + mine + "/primary"), b.pairPrimary(mine).toBcs()).reason());
        assertEquals(201, Http.put(url(id, "/metadata"), b.metadata().toBcs()).status());
        int notMine = pairNotOnNode0(id);
        Http.Reply foreign = Http.put(url(id, "/slivers/" + notMine + "/primary"), b.pairPrimary(notMine).toBcs());
        assertEquals(400, foreign.status());
        assertEquals("SHARD_NOT_ASSIGNED", foreign.reason());
        assertEquals("FAILED_PRECONDITION", foreign.json().path("error").path("status").asText());
        assertEquals("SHARD_NOT_ASSIGNED", Http.get(url(id, "/slivers/" + notMine + "/primary")).reason());
        assertEquals("INDEX_OUT_OF_RANGE", Http.put(url(id, "/slivers/" + N + "/primary"), b.pairPrimary(0).toBcs()).reason());
        assertEquals("SLIVER_INDEX_MISMATCH", Http.put(url(id, "/slivers/" + mine + "/secondary"),
                b.pairSecondary(notMine).toBcs()).reason());
        Sliver good = b.pairPrimary(mine);
        byte[] flipped = good.data().clone();
        flipped[0] ^= 1;
        Http.Reply corrupt = Http.put(url(id, "/slivers/" + mine + "/primary"),
                new Sliver(SliverType.PRIMARY, mine, good.symbolSize(), flipped).toBcs());
        assertEquals("INVALID_SLIVER", corrupt.reason());
        byte[] shortSliver = new Sliver(SliverType.PRIMARY, mine, good.symbolSize(),
                java.util.Arrays.copyOf(good.data(), good.data().length - good.symbolSize())).toBcs();
        assertEquals("INVALID_SLIVER", Http.put(url(id, "/slivers/" + mine + "/primary"), shortSliver).reason());
        assertEquals("INVALID_CONTENT_TYPE", Http.put(url(id, "/slivers/" + mine + "/primary"), new byte[] {5, 1}).reason());
        // a modestly oversized body is drained, so the client reads the 413 rather than a broken pipe
        for (int attempt = 0; attempt < 20; attempt++) {
            assertEquals(413, Http.put(url(id, "/slivers/" + mine + "/primary"), new byte[7 * 65534 + 10]).status());
        }
        Http.Reply bigSliver = Http.put(url(id, "/slivers/" + mine + "/primary"), new byte[7 * 65534 + 10]);
        assertEquals(413, bigSliver.status());
        assertEquals(7 * 65534 + 9, bigSliver.json().path("error").path("details").path(0).path("metadata").path("limit").asInt());
        for (SliverType t : SliverType.values()) {
            assertEquals("nonexistent", Http.get(url(id, "/slivers/" + mine + "/" + t.label() + "/status")).data().asText());
            assertEquals("nonexistent", Http.get(url(id, "/slivers/" + notMine + "/" + t.label() + "/status")).data().asText());
        }
        assertEquals("MISSING_SLIVERS", Http.get(url(id, "/confirmation/permanent")).reason());

        // paths and methods
        assertEquals(404, Http.get(node0 + "/v1/nothing").status());
        assertEquals("UNKNOWN_ENDPOINT", Http.get(node0 + "/v1/nothing").reason());
        assertEquals(405, Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(id, "/status")))
                .DELETE()).status());
        assertEquals("INVALID_ARGUMENT", Http.get(url(id, "/slivers/x/primary")).reason());
        assertEquals("INVALID_ARGUMENT", Http.get(url(id, "/slivers/1/tertiary")).reason());
    }

    @Test
    void recoverySymbolsInBothQueryForms() throws Exception {
        EncodedBlob b = blob(4000, 7);
        BlobId id = b.blobId();
        register(b, false);
        uploadAll(b, "");
        int pair = pairsOfNode0(id).get(0);
        int secondary = N - 1 - pair;
        // symbols node 0 gives towards primary sliver 0 (from its secondary slivers)
        Http.Reply forSliver = Http.get(url(id, "/recoverySymbols?targetSliver=0&targetType=primary"));
        assertEquals(200, forSliver.status(), forSliver.toString());
        List<RecoverySymbol> symbols = RecoverySymbol.listFromBcs(forSliver.body());
        assertEquals(pairsOfNode0(id).size(), symbols.size());
        for (RecoverySymbol s : symbols) {
            assertEquals(SliverType.PRIMARY, s.targetType());
            assertEquals(0, s.targetIndex());
            s.verify(b.metadata());
        }
        // by ID, proof forced from the primary axis: row `pair`, column 3 → targets secondary sliver 3
        Http.Reply byId = Http.get(url(id, "/recoverySymbols?id=" + pair + "-3&proofAxis=primary&id=" + pair + "-4"));
        List<RecoverySymbol> two = RecoverySymbol.listFromBcs(byId.body());
        assertEquals(2, two.size());
        assertEquals(SliverType.SECONDARY, two.get(0).targetType());
        two.forEach(s -> s.verify(b.metadata()));
        List<RecoverySymbol> col = RecoverySymbol.listFromBcs(Http.get(url(id, "/recoverySymbols?id=5-" + secondary
                + "&proofAxis=secondary")).body());
        assertEquals(SliverType.PRIMARY, col.get(0).targetType());
        col.get(0).verify(b.metadata());
        assertEquals("INVALID_FILTER", Http.get(url(id, "/recoverySymbols?id=banana")).reason());
        assertEquals("NO_SYMBOLS_SPECIFIED", Http.get(url(id, "/recoverySymbols")).reason());
        int notMine = pairNotOnNode0(id);
        assertEquals("SYMBOL_NOT_PRESENT_AT_SHARDS", Http.get(url(id, "/recoverySymbols?id=" + notMine + "-0&proofAxis=primary"))
                .reason());
        assertEquals("INDEX_OUT_OF_RANGE", Http.get(url(id, "/recoverySymbols?id=99-0")).reason());
    }

    @Test
    void healthSpeaksHttp2AndSaysWhichChain() throws Exception {
        Http.Reply h = Http.get(node0 + "/v1/health");
        assertEquals(200, h.status());
        JsonNode data = h.data();
        assertEquals(1, data.path("epoch").asInt());
        assertEquals(network.shardsOf(0).size(), data.path("shardSummary").path("owned").asInt());
        assertEquals("local", data.path("chain").path("kind").asText());
        assertTrue(data.path("chain").path("description").asText().contains("not Sui"));
        assertTrue(data.path("uptime").has("secs"));
        // HTTP/2 with prior knowledge (what Walrus's Rust client does): the server answers the
        // connection preface with its SETTINGS frame
        try (Socket s = new Socket("127.0.0.1", network.node(0).port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // empty SETTINGS
            out.flush();
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(9);
            assertEquals(9, header.length);
            assertEquals(4, header[3], "first frame from the server must be SETTINGS");
        }
        // and the HTTP/1.1 upgrade to h2c
        try (Socket s = new Socket("127.0.0.1", network.node(0).port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 101", status);
        }
    }


    // ---- the sliver batch (PUT /v1/blobs/{id}/slivers, an addition to Walrus's API) -----------------

    /** BCS Vec<(u16 pair, u8 type, Vec<u8> SliverData)>, written here independently of the client's writer. */
    static byte[] batch(EncodedBlob b, List<Integer> pairs, java.util.function.UnaryOperator<Sliver> change) {
        BcsWriter w = new BcsWriter();
        w.uleb128(pairs.size() * 2L);
        for (int p : pairs) {
            for (Sliver s : List.of(b.pairPrimary(p), b.pairSecondary(p))) {
                w.u16(p).u8(s.type() == SliverType.PRIMARY ? 0 : 1).bytes(change.apply(s).toBcs());
            }
        }
        return w.toByteArray();
    }

    static void assertNothingStored(BlobId id, List<Integer> pairs) throws Exception {
        for (int p : pairs) {
            for (String type : List.of("primary", "secondary")) {
                assertEquals("nonexistent", Http.get(url(id, "/slivers/" + p + "/" + type + "/status")).data().asText(),
                        type + " sliver of pair " + p);
            }
        }
    }

    @Test
    void aSliverBatchStoresEverySliverOfTheNodeInOneRequest() throws Exception {
        EncodedBlob b = blob(7000, 21);
        BlobId id = b.blobId();
        register(b, false);
        assertEquals(201, Http.put(url(id, "/metadata"), b.metadata().toBcs()).status());
        List<Integer> mine = pairsOfNode0(id);
        Http.Reply r = Http.put(url(id, "/slivers"), batch(b, mine, s -> s));
        assertEquals(201, r.status(), r.toString());
        assertEquals(2 * mine.size(), r.data().path("stored").asInt(), r.toString());
        for (int p : mine) {
            assertArrayEquals(b.pairPrimary(p).toBcs(), Http.get(url(id, "/slivers/" + p + "/primary")).body());
            assertArrayEquals(b.pairSecondary(p).toBcs(), Http.get(url(id, "/slivers/" + p + "/secondary")).body());
        }
        assertEquals(200, Http.get(url(id, "/confirmation/permanent")).status());
        Http.Reply again = Http.put(url(id, "/slivers"), batch(b, mine, s -> s));
        assertEquals(200, again.status(), again.toString());
        assertEquals(2 * mine.size(), again.data().path("already").asInt(), again.toString());
    }

    @Test
    void oneInvalidSliverRefusesTheWholeBatchNamingItAndStoresNothing() throws Exception {
        EncodedBlob b = blob(7001, 22);
        BlobId id = b.blobId();
        register(b, false);
        assertEquals(201, Http.put(url(id, "/metadata"), b.metadata().toBcs()).status());
        List<Integer> mine = pairsOfNode0(id);
        int victim = b.pairSecondary(mine.get(mine.size() - 1)).index();
        Http.Reply r = Http.put(url(id, "/slivers"), batch(b, mine, s -> {
            if (s.type() != SliverType.SECONDARY || s.index() != victim) {
                return s;
            }
            byte[] flipped = s.data().clone();
            flipped[flipped.length - 1] ^= 1;
            return new Sliver(s.type(), s.index(), s.symbolSize(), flipped);
        }));
        assertEquals(400, r.status(), r.toString());
        assertEquals("INVALID_SLIVER", r.reason(), r.toString());
        JsonNode meta = r.json().path("error").path("details").path(0).path("metadata");
        assertEquals(victim, meta.path("sliverIndex").asInt(), r.toString());
        assertEquals("secondary", meta.path("type").asText(), r.toString());
        assertNothingStored(id, mine);
        // a shard the node does not hold, the same sliver twice, a body that is not a batch
        assertEquals("SHARD_NOT_ASSIGNED", Http.put(url(id, "/slivers"), batch(b, List.of(pairNotOnNode0(id)), s -> s)).reason());
        assertEquals("DUPLICATE_SLIVER", Http.put(url(id, "/slivers"), batch(b, List.of(mine.get(0), mine.get(0)), s -> s)).reason());
        assertEquals("INVALID_CONTENT_TYPE", Http.put(url(id, "/slivers"), new byte[] {1, 0}).reason());
        assertEquals("INVALID_BATCH", Http.put(url(id, "/slivers"), new byte[] {0}).reason());
        assertNothingStored(id, mine);
        // the honest batch afterwards is taken whole
        assertEquals(201, Http.put(url(id, "/slivers"), batch(b, mine, s -> s)).status());
        assertEquals(200, Http.get(url(id, "/confirmation/permanent")).status());
    }

    @Test
    void aBatchBeforeTheRegistrationIsBufferedWithPending() throws Exception {
        EncodedBlob b = blob(7002, 23);
        BlobId id = b.blobId();
        assertEquals(202, Http.put(url(id, "/metadata?pending=true"), b.metadata().toBcs()).status());
        List<Integer> mine = pairsOfNode0(id);
        assertEquals("NOT_REGISTERED", Http.put(url(id, "/slivers"), batch(b, mine, s -> s)).reason());
        Http.Reply r = Http.put(url(id, "/slivers?pending=true"), batch(b, mine, s -> s));
        assertEquals(202, r.status(), r.toString());
        assertEquals(2 * mine.size(), r.data().path("buffered").asInt(), r.toString());
        assertEquals("buffered", Http.get(url(id, "/slivers/" + mine.get(0) + "/secondary/status")).data().asText());
        register(b, false);
        awaitMetadataStored(id);
        assertEquals(200, Http.get(url(id, "/confirmation/permanent")).status());
        assertEquals("stored", Http.get(url(id, "/slivers/" + mine.get(0) + "/secondary/status")).data().asText());
    }
}
