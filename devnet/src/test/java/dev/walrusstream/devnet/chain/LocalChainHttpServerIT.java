package dev.walrusstream.devnet.chain;

import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.chain.Chain;
import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.devnet.ledger.TestCommittees;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LocalChain served over loopback HTTP and used through LocalChainHttpClient, as other processes do. */
class LocalChainHttpServerIT {
    static final SuiAddress ALICE = TestCommittees.address("alice");
    static final BlobMetadata META = RedStuff.create().encode(10, new byte[] {1, 2, 3}).metadata();

    @TempDir
    Path dir;
    LocalChain chain;
    LocalChainHttpServer service;
    LocalChainHttpClient remote;

    @BeforeEach
    void start() throws Exception {
        chain = LocalChain.create(dir, TestCommittees.genesis(10, 4, ALICE, 10_000_000_000L), null);
        service = LocalChainHttpServer.start(chain, "127.0.0.1", 0);
        remote = new LocalChainHttpClient(service.url(), ALICE);
    }

    @AfterEach
    void stop() {
        service.close();
        chain.close();
    }

    @Test
    void committeeChangesSyncAndThePreviousCommitteeAreServed() throws Exception {
        assertTrue(remote.previousCommittee().isEmpty(), "the first epoch has no previous committee");
        Committee before = remote.committee();
        dev.walrusstream.chain.StorageNodeInfo spare = new dev.walrusstream.chain.StorageNodeInfo(TestCommittees.id("spare"),
                "spare", "127.0.0.1:29999", TestCommittees.key(8).publicKey(), List.of());
        remote.registerNode(spare, 0);
        remote.moveStake(before.member(0).nodeId(), spare.nodeId(), before.member(0).weight());
        assertEquals(2, remote.advanceEpoch());

        Committee now = remote.committee();
        assertEquals(before.member(0).shards(), now.member(now.indexOf(spare.nodeId())).shards());
        assertEquals(before.withEpoch(1), remote.previousCommittee().orElseThrow());
        dev.walrusstream.chain.EpochState syncing = remote.epochState();
        assertTrue(syncing.isSyncing(), syncing.toString());
        ChainException.RuleViolation busy = assertThrows(ChainException.RuleViolation.class, remote::advanceEpoch);
        assertEquals(Rule.EPOCH_CHANGE_IN_PROGRESS, busy.rule());
        ChainException.RuleViolation gone = assertThrows(ChainException.RuleViolation.class,
                () -> remote.epochSyncDone(before.member(0).nodeId(), 2));
        assertEquals(Rule.NOT_IN_COMMITTEE, gone.rule());

        remote.epochSyncDone(spare.nodeId(), 2);
        assertTrue(remote.epochState().isSyncing(), "the joiner's shards alone are no quorum: " + remote.epochState());
        for (int i = 0; i < now.size() && remote.epochState().isSyncing(); i++) {
            remote.epochSyncDone(now.member(i).nodeId(), 2); // every member reports, as Walrus's nodes do
        }
        assertEquals(dev.walrusstream.chain.EpochState.Phase.DONE, remote.epochState().phase());
        List<ChainEvent> events = remote.events(EventCursor.START, 10, Duration.ZERO).events().stream()
                .map(r -> r.event()).toList();
        assertEquals(List.of(new ChainEvent.EpochChanged(2), new ChainEvent.EpochChangeDone(2)), events);
    }

    @Test
    void healthAndHeadersSayLocalLedgerNotSui() throws Exception {
        JsonNode health = remote.health();
        assertEquals("local", health.get("kind").asText());
        assertTrue(health.get("notSui").asBoolean());
        assertTrue(health.get("description").asText().contains("not Sui"));
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(service.url() + "/v1/nope"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertEquals("LocalChain (local development ledger, not Sui)", r.headers().firstValue("X-Walrus-Stream-Chain").orElseThrow());
        HttpResponse<String> bad = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create(service.url() + "/v1/tx/reserve-space")).POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("INVALID_JSON"), bad.body());
        assertTrue(remote.toString().contains("not Sui"));
    }

    @Test
    void anIncompleteBatchIsRefusedNamingTheRouteAndTheCall() throws Exception {
        long txs = chain.ledger().lastTxSeq();
        String blob = "{\"blobId\":\"" + META.blobId() + "\",\"rootHash\":\"AQ==\",\"size\":3,\"encodingType\":1,"
                + "\"deletable\":false,\"epochsAhead\":1}";
        String cert = "{\"blobObjectId\":\"0x1\",\"signature\":\"AQ==\",\"signersBitmap\":\"AQ==\",\"message\":\"AQ==\"}";
        assertRefused("register-blobs", "{}", "register-blobs needs calls");
        assertRefused("register-blobs", "{\"calls\":[" + blob + ",{\"size\":3}]}",
                "register-blobs call 2 needs blobId, rootHash, size, encodingType, deletable and epochsAhead");
        assertRefused("register-blobs", "{\"calls\":[null]}", "register-blobs call 1 needs blobId");
        assertRefused("certify-blobs", "{}", "certify-blobs needs calls");
        assertRefused("certify-blobs", "{\"calls\":[" + cert + "," + cert + ",{\"blobObjectId\":\"0x2\"}]}",
                "certify-blobs call 3 needs blobObjectId, signature, signersBitmap and message");
        assertRefused("certify-blobs", "{\"calls\":[null]}", "certify-blobs call 1 needs blobObjectId");
        assertEquals(txs, chain.ledger().lastTxSeq(), "no refused batch became a transaction");
    }

    private void assertRefused(String route, String body, String message) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(service.url() + "/v1/tx/" + route))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("INVALID_ARGUMENT") && r.body().contains(message), route + " " + body + ": " + r.body());
    }

    @Test
    void fullBlobLifecycleOverHttp() {
        assertEquals(chain.committee(), remote.committee());
        assertEquals(chain.info(), remote.info());
        Results.Registration r = remote.reserveAndRegister(META.blobId(), META.rootHash(), META.unencodedLength(), 1, true, 2);
        assertEquals(10_000_000_000L - r.cost(), remote.balance(ALICE));
        assertEquals(r.blob(), remote.blobObject(r.blob().id()).orElseThrow());
        assertEquals(List.of(r.blob()), remote.ownedBlobObjects(META.blobId()));
        Committee c = remote.committee();
        byte[] msg = new ConfirmationMessage(1, META.blobId(), r.blob().persistence()).toBcs();
        StorageCertificate weak = StorageCertificate.aggregate(c, TestCommittees.sign(c, List.of(2, 3), msg), msg);
        ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                () -> remote.certifyBlob(r.blob().id(), weak));
        assertEquals(Rule.NOT_ENOUGH_WEIGHT, v.rule());
        assertEquals("4", v.values().get("weight"));
        StorageCertificate cert = StorageCertificate.aggregate(c, TestCommittees.sign(c, List.of(0, 1, 2), msg), msg);
        Results.Certification done = remote.certifyBlob(r.blob().id(), cert);
        assertEquals(1, done.blob().certifiedEpoch());
        assertTrue(remote.blobStatus(META.blobId()) instanceof BlobStatus.Deletable d && d.initialCertifiedEpoch() == 1);
        Results.Deletion del = remote.deleteBlob(r.blob().id());
        assertEquals(BlobStatus.Nonexistent.INSTANCE, remote.blobStatus(META.blobId()));
        assertTrue(remote.blobObject(del.blobObjectId()).isEmpty());
        EventPage page = remote.events(EventCursor.START, 10, Duration.ZERO);
        assertEquals(3, page.events().size());
        assertTrue(page.events().get(2).event() instanceof ChainEvent.BlobDeleted);
        assertEquals(chain.events(EventCursor.START, 10, Duration.ZERO), page);
    }

    @Test
    void eventsLongPollAcrossHttp() throws Exception {
        CompletableFuture<EventPage> waiting = CompletableFuture.supplyAsync(
                () -> remote.events(EventCursor.START, 10, Duration.ofSeconds(20)));
        Thread.sleep(300);
        assertEquals(2, remote.advanceEpoch());
        EventPage page = waiting.get();
        assertEquals(new ChainEvent.EpochChanged(2), page.events().get(0).event());
        assertEquals(2, remote.currentEpoch());
    }

    @Test
    void unreachableOrForeignServiceIsUnavailable() {
        LocalChainHttpClient nowhere = new LocalChainHttpClient("http://127.0.0.1:1", ALICE, Duration.ofSeconds(2));
        assertThrows(ChainException.Unavailable.class, nowhere::info);
        assertThrows(IllegalArgumentException.class, () -> new LocalChainHttpClient("ftp://x", ALICE));
    }
}
