package dev.walrusstream.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.testsupport.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Epoch changes that move shards, on real networks (LocalChain service, Jetty/RocksDB nodes, real
 * BLS): four members and one spare; node 0 hands its stake to the spare, so at the change node 0
 * leaves and the spare joins with node 0's shards.
 */
class EpochChangeIT {
    static final int NODES = 4;
    static final int SHARDS = 10;
    static final int LEAVER = 0;
    static final int JOINER = 4;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    LocalNetwork network() throws Exception {
        return LocalNetwork.init(dir.resolve("net"), NODES, SHARDS, LocalNetwork.Addressing.local("127.0.0.1"), null,
                ChainBackend.LOCAL_CHAIN, 1).withNodeLimits(Networks.LIMITS);
    }

    Map<BlobId, byte[]> storeSome(StorageClient client, int count) throws Exception {
        Map<BlobId, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] data = Networks.random(40_000 + i * 1000, 1300 + i);
            StoreResult r = client.store(data, StoreOptions.permanent(5));
            assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
            out.put(r.blobId(), data);
        }
        return out;
    }

    /** Waits (on the chain's event stream) until {@code type} of {@code epoch} has been emitted. */
    static void awaitEvent(LocalChainHttpClient chain, Class<? extends ChainEvent> type, int epoch, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        EventCursor cursor = EventCursor.START;
        while (System.nanoTime() < end) {
            EventPage page = chain.events(cursor, 100, Duration.ofSeconds(2));
            for (EventRecord r : page.events()) {
                if (type.isInstance(r.event()) && r.event().epoch() == epoch) {
                    return;
                }
            }
            cursor = page.next();
        }
        throw new AssertionError(type.getSimpleName() + " of epoch " + epoch + " not emitted within " + deadline
                + "; epoch state " + chain.epochState());
    }

    JsonNode health(LocalNetwork network, int i) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(network.node(i).url() + "/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body()).path("success").path("data");
    }

    /** Waits until node {@code i}'s health satisfies {@code ok}. */
    JsonNode awaitHealth(LocalNetwork network, int i, java.util.function.Predicate<JsonNode> ok, String what)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode h = health(network, i);
        while (!ok.test(h)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("node " + i + " never reported " + what + ": " + h);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // health is cheap; poll it
            h = health(network, i);
        }
        return h;
    }

    static void assertAllShardsReady(JsonNode health, List<Integer> shards) {
        JsonNode per = health.path("shards");
        for (int s : shards) {
            assertEquals("ready", per.path(Integer.toString(s)).asText(), "shard " + s + ": " + health);
        }
        assertEquals(shards.size(), health.path("shardSummary").path("ownedShardStatus").path("ready").asInt(),
                health.toString());
    }

    void readAll(LocalNetwork network, Map<BlobId, byte[]> blobs) throws Exception {
        try (StorageClient reader = Clients.client(network)) {
            for (Map.Entry<BlobId, byte[]> b : blobs.entrySet()) {
                assertArrayEquals(b.getValue(), reader.read(b.getKey()), "blob " + b.getKey());
            }
        }
    }

    /** Node {@code i}'s health once it reported the sync of {@code epoch} (its gained shards are ready). */
    JsonNode awaitSyncReported(LocalNetwork network, int i, int epoch) throws Exception {
        return awaitHealth(network, i, h -> h.path("epochChange").path("syncReportedEpoch").asInt() >= epoch,
                "the sync of epoch " + epoch);
    }

    @Test
    void aJoinerFetchesItsShardsFromThePreviousOwnerWhichDropsThemWhenTheNextEpochStarts() throws Exception {
        try (LocalNetwork network = network().start(); StorageClient client = Clients.client(network)) {
            Map<BlobId, byte[]> blobs = storeSome(client, 3);
            List<Integer> moving = network.shardsOf(LEAVER);
            assertTrue(network.shardsOf(JOINER).isEmpty(), "the spare holds nothing before the change");
            network.moveAllStake(LEAVER, JOINER);
            assertEquals(2, network.stake().advanceEpoch());
            assertEquals(moving, network.shardsOf(JOINER), "the joiner took exactly the leaver's shards");

            LocalChainHttpClient chain = new LocalChainHttpClient(network.chainUrl(), null);
            awaitEvent(chain, ChainEvent.EpochChangeDone.class, 2, Duration.ofSeconds(90));
            JsonNode joiner = awaitSyncReported(network, JOINER, 2);
            assertAllShardsReady(joiner, moving);
            long expected = 2L * moving.size() * blobs.size();
            assertEquals(expected, joiner.path("epochChange").path("transferredSlivers").asLong(),
                    "every sliver of the moved shards came from the previous owner: " + joiner);
            assertEquals(0, network.node(JOINER).recoveredSlivers(), "nothing had to be recovered");

            // the leaver keeps the lost shards past EpochChangeDone (a late gainer may still fetch them) ...
            assertEquals(moving.size(), health(network, LEAVER).path("shardSummary").path("readOnly").asInt());
            // ... and drops them when the next epoch starts
            assertEquals(3, network.stake().advanceEpoch(), "the next epoch starts: the change was done");
            awaitHealth(network, LEAVER, h -> h.path("epochChange").path("losingShards").isEmpty(), "its lost shards dropped");
            BlobId first = blobs.keySet().iterator().next();
            int pair = RedStuffParams.of(SHARDS).pairOfShard(first, moving.get(0));
            HttpResponse<String> gone = http.send(HttpRequest.newBuilder(URI.create(network.node(LEAVER).url()
                    + "/v1/blobs/" + first.base64Url() + "/slivers/" + pair + "/primary")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, gone.statusCode(), gone.body());
            assertTrue(gone.body().contains("SHARD_NOT_ASSIGNED"), gone.body());

            network.stopNode(LEAVER);
            readAll(network, blobs);
        }
    }

    /**
     * Issue 15's WalrusSdkEpochChangeIT saw {@code transferredSlivers: 0} on a joiner started after the
     * change began: a node that just started had not read the chain's events yet, so it skipped every
     * transferred blob as unregistered and found its (still empty) shards vacuously complete; the
     * slivers came later by recovery. The node now waits for its chain follower before syncing.
     */
    @Test
    void aJoinerStartedAfterTheChangeBeganStillFetchesEverySliverFromThePreviousOwner() throws Exception {
        LocalNetwork network = network();
        network.startChain();
        for (int i = 0; i < NODES; i++) {
            network.startNode(i);
        }
        try (network; StorageClient client = Clients.client(network)) {
            Map<BlobId, byte[]> blobs = storeSome(client, 3);
            List<Integer> moving = network.shardsOf(LEAVER);
            network.moveAllStake(LEAVER, JOINER);
            assertEquals(2, network.stake().advanceEpoch());
            network.startNode(JOINER); // a fresh node: its chain follower starts from the first event

            JsonNode joiner = awaitSyncReported(network, JOINER, 2);
            assertAllShardsReady(joiner, moving);
            assertEquals(2L * moving.size() * blobs.size(), joiner.path("epochChange").path("transferredSlivers").asLong(),
                    "every sliver of the moved shards came from the previous owner: " + joiner);
            assertEquals(0, network.node(JOINER).recoveredSlivers(), "nothing had to be recovered");

            network.stopNode(JOINER);
            network.startNode(JOINER);
            JsonNode restarted = health(network, JOINER);
            assertEquals(2L * moving.size() * blobs.size(), restarted.path("epochChange").path("transferredSlivers").asLong(),
                    "the count survives a restart: " + restarted);
            assertAllShardsReady(restarted, moving);
            network.stopNode(LEAVER);
            readAll(network, blobs);
        }
    }

    /**
     * A gainer that is down does not hold the epoch back: the members holding a quorum of the shards
     * report, the change is done and the next epoch starts without it, while writes and reads go on.
     * Restarted, it rebuilds the shards it missed from its peers (the leaver dropped them when the next
     * epoch began), never confirming a blob it does not hold, and reports them ready.
     */
    @Test
    void aGainerThatIsDownDoesNotHoldTheEpochBackAndRecoversItsShardsWhenItReturns() throws Exception {
        try (LocalNetwork network = network().start(); StorageClient client = Clients.client(network)) {
            Map<BlobId, byte[]> blobs = new LinkedHashMap<>(storeSome(client, 3));
            List<Integer> moving = network.shardsOf(LEAVER);
            network.stopNode(JOINER);
            network.moveAllStake(LEAVER, JOINER);
            assertEquals(2, network.stake().advanceEpoch());
            LocalChainHttpClient chain = new LocalChainHttpClient(network.chainUrl(), null);
            awaitEvent(chain, ChainEvent.EpochChangeDone.class, 2, Duration.ofSeconds(90));
            dev.walrusstream.codec.ids.ObjectId joinerId = network.manifest().nodes().get(JOINER).nodeId();
            assertTrue(network.stake().staking().awaitingSync().contains(joinerId),
                    "the change was done without the gainer's report: " + network.stake().staking().awaitingSync());
            assertTrue(network.node(JOINER) == null, "the gainer is still down");
            blobs.putAll(storeSome(client, 2)); // writes go through in epoch 2 without the gainer
            readAll(network, blobs);

            assertEquals(3, network.stake().advanceEpoch(), "the next epoch starts without the gainer");
            awaitEvent(chain, ChainEvent.EpochChangeDone.class, 3, Duration.ofSeconds(90));
            awaitHealth(network, LEAVER, h -> h.path("epoch").asInt() == 3
                    && h.path("epochChange").path("losingShards").isEmpty(), "the lost shards dropped in epoch 3");
            network.stopNode(LEAVER);
            blobs.putAll(storeSome(client, 2)); // and in epoch 3
            readAll(network, blobs);

            network.startNode(JOINER);
            List<Integer> owned = network.shardsOf(JOINER);
            assertEquals(moving, owned, "the gainer still owns the leaver's shards");
            int refused = 0;
            for (BlobId id : blobs.keySet()) {
                HttpResponse<String> c = http.send(HttpRequest.newBuilder(URI.create(network.node(JOINER).url()
                        + "/v1/blobs/" + id.base64Url() + "/confirmation/permanent")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (c.statusCode() == 200) {
                    for (int shard : owned) { // a confirmation only for a blob it holds whole
                        int pair = RedStuffParams.of(SHARDS).pairOfShard(id, shard);
                        assertTrue(network.node(JOINER).holdsSliverPair(id, pair), "confirmed " + id + " without pair " + pair);
                    }
                } else {
                    assertTrue(c.body().contains("MISSING_SLIVERS") || c.body().contains("NOT_REGISTERED"), c.body());
                    refused++;
                }
            }
            JsonNode joiner = awaitSyncReported(network, JOINER, 3);
            assertAllShardsReady(joiner, moving);
            assertEquals(0, joiner.path("epochChange").path("transferredSlivers").asLong(),
                    "the previous owner had dropped the shards: nothing was transferred: " + joiner);
            assertTrue(network.node(JOINER).recoveredSlivers() >= 2L * moving.size() * blobs.size(),
                    "every sliver of its shards was rebuilt from peers: " + network.node(JOINER).recoveredSlivers());
            for (BlobId id : blobs.keySet()) {
                for (int shard : owned) {
                    assertTrue(network.node(JOINER).holdsSliverPair(id, RedStuffParams.of(SHARDS).pairOfShard(id, shard)),
                            "blob " + id + " shard " + shard);
                }
            }
            assertTrue(refused > 0 || network.node(JOINER).recoveredSlivers() > 0, "refusals " + refused);
            readAll(network, blobs);
            StoreResult last = client.store(Networks.random(30_000, 4242), StoreOptions.permanent(5));
            assertInstanceOf(StoreResult.NewlyCreated.class, last, last.toString());
            assertTrue(((StoreResult.NewlyCreated) last).confirmedBy().contains(network.manifest().nodes().get(JOINER).name()),
                    "the recovered gainer confirms new blobs: " + last);
        }
    }

    /** A signed sync_shard body as the protocol lays it out (BCS request, then the BLS signature over domain ‖ request). */
    static byte[] syncRequest(dev.walrusstream.codec.ids.ObjectId requester, int epoch, int shard,
                              dev.walrusstream.chain.bls.BlsKeyPair signer) {
        byte[] req = new dev.walrusstream.codec.bcs.BcsWriter(64).fixedBytes(requester.bytes()).u32(epoch).u16(shard)
                .u8(0).u16(64).toByteArray();
        byte[] domain = "walrus-stream sync_shard v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] msg = new byte[domain.length + req.length];
        System.arraycopy(domain, 0, msg, 0, domain.length);
        System.arraycopy(req, 0, msg, domain.length, req.length);
        return new dev.walrusstream.codec.bcs.BcsWriter(256).bytes(req).fixedBytes(signer.sign(msg).bytes()).toByteArray();
    }

    HttpResponse<byte[]> postSync(LocalNetwork network, int node, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(network.node(node).url() + "/v1/migrate/sync_shard"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void syncShardAnswersOnlyTheNewOwnerAndOnlyWithItsSignature() throws Exception {
        LocalNetwork network = network();
        network.startChain();
        for (int i = 0; i < NODES; i++) {
            network.startNode(i); // the joiner stays down; the leaver keeps its lost shards until the next epoch
        }
        try (network; StorageClient client = Clients.client(network)) {
            storeSome(client, 2);
            int shard = network.shardsOf(LEAVER).get(0);
            network.moveAllStake(LEAVER, JOINER);
            network.stake().advanceEpoch();
            dev.walrusstream.codec.ids.ObjectId joinerId = network.manifest().nodes().get(JOINER).nodeId();
            dev.walrusstream.codec.ids.ObjectId otherId = network.manifest().nodes().get(1).nodeId();
            dev.walrusstream.chain.bls.BlsKeyPair joinerKey = dev.walrusstream.node.NodeConfigFile
                    .read(network.dir().resolve("nodes/node-" + JOINER + "/node.json"))
                    .toConfig(network.dir().resolve("nodes/node-" + JOINER)).keyPair();
            dev.walrusstream.chain.bls.BlsKeyPair otherKey = network.node(1).config().keyPair();

            HttpResponse<byte[]> notOwner = postSync(network, LEAVER, syncRequest(otherId, 2, shard, otherKey));
            assertEquals(403, notOwner.statusCode());
            assertTrue(new String(notOwner.body()).contains("NOT_SHARD_OWNER"), new String(notOwner.body()));
            HttpResponse<byte[]> forged = postSync(network, LEAVER, syncRequest(joinerId, 2, shard, otherKey));
            assertEquals(403, forged.statusCode());
            assertTrue(new String(forged.body()).contains("INVALID_SIGNATURE"), new String(forged.body()));
            HttpResponse<byte[]> notHeld = postSync(network, 2, syncRequest(joinerId, 2, shard, joinerKey));
            assertEquals(400, notHeld.statusCode());
            assertTrue(new String(notHeld.body()).contains("SHARD_NOT_HELD"), new String(notHeld.body()));
            HttpResponse<byte[]> ok = postSync(network, LEAVER, syncRequest(joinerId, 2, shard, joinerKey));
            assertEquals(200, ok.statusCode(), new String(ok.body()));
            dev.walrusstream.codec.bcs.BcsReader page = new dev.walrusstream.codec.bcs.BcsReader(ok.body());
            assertEquals(2, page.uleb128(), "both stored blobs come back for the shard");
        }
    }

    @Test
    void aJoinerWhosePreviousOwnerIsDownRecoversItsShardsFromPeers() throws Exception {
        try (LocalNetwork network = network().start(); StorageClient client = Clients.client(network)) {
            Map<BlobId, byte[]> blobs = storeSome(client, 3);
            List<Integer> moving = network.shardsOf(LEAVER);
            network.stopNode(LEAVER); // the previous owner is gone before the change
            network.moveAllStake(LEAVER, JOINER);
            network.stake().advanceEpoch();
            LocalChainHttpClient chain = new LocalChainHttpClient(network.chainUrl(), null);
            awaitEvent(chain, ChainEvent.EpochChangeDone.class, 2, Duration.ofSeconds(120));

            JsonNode joiner = awaitSyncReported(network, JOINER, 2);
            assertAllShardsReady(joiner, moving);
            assertEquals(0, joiner.path("epochChange").path("transferredSlivers").asLong(),
                    "the previous owner was down: nothing was transferred: " + joiner);
            long recovered = network.node(JOINER).recoveredSlivers();
            assertTrue(recovered >= 2L * moving.size() * blobs.size(),
                    "every sliver of the gained shards was rebuilt from peers: " + recovered);
            readAll(network, blobs);
        }
    }

    @Test
    void readsDuringTheSyncWindowGoToThePreviousCommittee() throws Exception {
        LocalNetwork network = network();
        network.startChain();
        for (int i = 0; i < NODES; i++) {
            network.startNode(i); // the spare stays down: it cannot sync, so the change stays open
        }
        try (network; StorageClient client = Clients.client(network)) {
            Map<BlobId, byte[]> blobs = storeSome(client, 2);
            network.stopNode(1); // with the spare and these two down, the members reporting hold no quorum of
            network.stopNode(2); // the shards: the change stays in EpochChangeSync
            network.moveAllStake(LEAVER, JOINER);
            network.stake().advanceEpoch();
            assertTrue(network.stake().epochState().isSyncing());
            Committee current = client.chain().committee();
            Committee previous = client.chain().previousCommittee().orElseThrow();
            assertEquals(previous, ReadCommittee.choose(client.chain(), 1));
            assertEquals(current, ReadCommittee.choose(client.chain(), 2), "blobs certified in this epoch: current");

            int servingNow = 0;
            for (int i = 0; i <= JOINER; i++) {
                if (network.node(i) != null) {
                    servingNow += network.shardsOf(i).size();
                }
            }
            RedStuffParams p = RedStuffParams.of(SHARDS);
            assertTrue(servingNow < p.primarySymbols(), "the running members of the new committee hold " + servingNow
                    + " shards, fewer than the " + p.primarySymbols() + " a read needs");
            for (Map.Entry<BlobId, byte[]> b : blobs.entrySet()) {
                ReadResult r = client.readDetailed(b.getKey());
                assertArrayEquals(b.getValue(), r.data(), "read from the previous committee (node 0 serves its lost shards)");
            }
            assertEquals(EpochState.Phase.SYNCING, client.chain().epochState().phase());
        }
    }

    @Test
    void confirmationsGatheredBeforeABoundaryAreGatheredAgainAndCertifiedInTheNewEpochWithoutPayingTwice()
            throws Exception {
        try (LocalNetwork network = network().start(); StorageClient client = Clients.client(network)) {
            byte[] data = Networks.random(60_000, 77);
            Prepared prepared = client.prepare(RedStuff.create().encode(RedStuffParams.of(SHARDS), data, 0, data.length),
                    StoreOptions.permanent(5));
            Prepared.Ready ready = assertInstanceOf(Prepared.Ready.class, prepared);
            long balance = client.chain().balance(network.account());
            network.moveAllStake(LEAVER, JOINER);
            assertEquals(2, network.stake().advanceEpoch());

            StoreResult r = client.certify(ready);
            StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
            assertEquals(2, created.blobObject().certifiedEpoch(), "certified in the new epoch");
            assertEquals(ready.object().id(), created.blobObject().id(), "the same registration");
            assertEquals(1, client.chain().ownedBlobObjects(ready.blobId()).size(), "registered once");
            assertEquals(balance, client.chain().balance(network.account()), "nothing paid again");
            String leaver = network.manifest().nodes().get(LEAVER).name();
            assertTrue(created.confirmedBy().stream().noneMatch(s -> s.equals(leaver)),
                    "the leaver is not in the new committee: " + created.confirmedBy());
            readAll(network, Map.of(ready.blobId(), data));
        }
    }
}
