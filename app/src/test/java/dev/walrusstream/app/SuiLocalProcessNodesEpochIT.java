package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.devnet.sui.LocalSui;
import dev.walrusstream.devnet.sui.SyncReport;
import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.node.NodeConfigFile;
import dev.walrusstream.sui.config.SuiServices;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage nodes as their own processes ({@code walrus-stream node --config}) on a {@code sui-local} network report
 * their epoch sync through Sui: each signs {@code staking::epoch_sync_done} with its own key, which owns its
 * {@code StorageNodeCap}. The ledger is served by this test (LocalSui over gRPC, as {@code net start} serves it)
 * so its journal can be read; one member hands its stake to the spare and the epoch changes: the change reaches
 * {@code EpochChangeDone} only through the nodes' signed transactions, and the joiner's health shows the shards it
 * gained ready.
 */
class SuiLocalProcessNodesEpochIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    final List<ChildJvm> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopAll() {
        for (ChildJvm p : processes) {
            p.stop(Duration.ofSeconds(20));
        }
    }

    private ChildJvm launch(String name, String... args) {
        ChildJvm p = CliProcess.start(dir, name, "-Xmx384m", args);
        processes.add(p);
        return CliProcess.awaitRunning(p);
    }

    @Test
    void processNodesSignTheirEpochSyncAndTheChangeCompletesThroughThem() throws Exception {
        Path netDir = dir.resolve("net");
        assertEquals(0, Cli.run("net", "init", "--dir", netDir.toString(), "--nodes", "4", "--shards", "10",
                "--spares", "1", "--chain", "sui-local").exit());
        try (LocalNetwork net = LocalNetwork.open(netDir).withEpochDuration(Duration.ZERO)) {
            net.startChain();
            LocalSui sui = net.localSui();
            int nodes = net.manifest().nodes().size();
            int spare = nodes - 1;
            Map<ObjectId, SuiAddress> operators = new LinkedHashMap<>();
            for (int i = 0; i < nodes; i++) {
                LocalNetwork.NodeEntry e = net.manifest().nodes().get(i);
                NodeConfigFile file = NodeConfigFile.read(netDir.resolve(e.dir()).resolve("node.json"));
                assertEquals(ChainBackend.NODE_SUI_KEY_FILE, file.suiKeyFile(), "node " + i + " carries its Sui key");
                SuiAddress a = net.nodeSuiAddress(i).orElseThrow();
                operators.put(e.nodeId(), a);
                assertEquals(new Owner.AddressOwner(a), sui.nodeCap(e.nodeId()).orElseThrow().owner(),
                        "node " + i + "'s StorageNodeCap is its own key's");
                assertEquals(0, sui.walBalance(a), "a node needs no WAL");
            }
            assertEquals(nodes, new java.util.HashSet<>(operators.values()).size(), "one key per node");

            for (LocalNetwork.NodeEntry e : net.manifest().nodes()) {
                ChildJvm p = launch(e.name(), "node", "--config", netDir.resolve(e.dir()).resolve("node.json").toString());
                assertTrue(java.nio.file.Files.readString(p.log()).contains("epoch sync reported as "
                        + operators.get(e.nodeId())), "the process signs with its own key: " + p.log());
            }

            ClientConfig clientConfig = ClientConfig.read(net.clientConfig());
            List<BlobId> blobs = new ArrayList<>();
            List<byte[]> contents = new ArrayList<>();
            ClientOptions options = ClientOptions.DEFAULTS.withRetries(3, Duration.ofMillis(200));
            try (Chain chain = clientConfig.openChain(); StorageClient client = new StorageClient(chain, options)) {
                for (int k = 0; k < 3; k++) {
                    byte[] data = new byte[40_000 + 7_000 * k];
                    new Random(k).nextBytes(data);
                    StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class,
                            client.store(data, StoreOptions.permanent(5)));
                    blobs.add(created.blobId());
                    contents.add(data);
                }
            }

            // churn: the member with the fewest shards hands its stake to the spare; the epoch changes
            Committee before = sui.committee();
            int leaver = 0;
            for (int i = 1; i < nodes - 1; i++) {
                leaver = net.shardsOf(i).size() < net.shardsOf(leaver).size() ? i : leaver;
            }
            List<Integer> moving = net.shardsOf(leaver);
            ObjectId joinerId = net.manifest().nodes().get(spare).nodeId();
            int epoch = before.epoch() + 1;
            CountDownLatch done = new CountDownLatch(1);
            CountDownLatch joinerReported = new CountDownLatch(1);
            Consumer<Checkpoint> watch = cp -> {
                if (sui.epochState().epoch() == epoch && !sui.epochState().isSyncing()) {
                    done.countDown();
                }
                if (sui.lastEpochSyncDone(joinerId).orElse(0) >= epoch) {
                    joinerReported.countDown();
                }
            };
            sui.subscribe(watch);
            long reportsBefore = sui.syncReports().size();
            net.moveAllStake(leaver, spare);
            assertEquals(epoch, sui.advanceEpoch());
            assertTrue(sui.epochState().isSyncing(), "the change moved shards, so it syncs: " + sui.epochState());
            assertEquals(moving, net.shardsOf(spare), "the spare took node " + leaver + "'s shards");

            assertTrue(done.await(3, TimeUnit.MINUTES), "EpochChangeDone within 3 minutes: " + sui.epochState()
                    + ", reports " + sui.syncReports());
            assertTrue(joinerReported.await(3, TimeUnit.MINUTES), "the joiner reports its sync within 3 minutes: "
                    + sui.syncReports());
            sui.unsubscribe(watch);

            // every report is a transaction the member signed with its own key, passing its own cap
            List<SyncReport> reports = sui.syncReports().subList((int) reportsBefore, sui.syncReports().size());
            List<SyncReport> executed = reports.stream().filter(SyncReport::success).toList();
            Committee now = sui.committee();
            Map<ObjectId, Integer> weight = new HashMap<>();
            for (SyncReport r : executed) {
                assertEquals(epoch, r.epoch(), r.toString());
                assertEquals(operators.get(r.nodeId()), r.sender(), "signed by the node's own key: " + r);
                assertTrue(now.indexOf(r.nodeId()) >= 0, "a member of epoch " + epoch + ": " + r);
                Integer earlier = weight.put(r.nodeId(), now.member(now.indexOf(r.nodeId())).weight());
                assertEquals(null, earlier, "each member reported once: " + executed);
            }
            assertTrue(weight.containsKey(joinerId), "the joiner reported: " + executed);
            assertFalse(weight.containsKey(net.manifest().nodes().get(leaver).nodeId()), "the leaver is no member");
            // the change was completed by one of these transactions (its EpochChangeDone event), not by the ledger
            SyncReport completing = null;
            for (var tx : sui.transactions()) {
                boolean doneEvent = tx.getEvents().getEventsList().stream().anyMatch(ev ->
                        ev.getEventType().endsWith("::events::EpochChangeDone"));
                if (doneEvent && tx.getCheckpoint() > 0) {
                    for (SyncReport r : executed) {
                        if (r.checkpoint() == tx.getCheckpoint()) {
                            completing = r;
                        }
                    }
                }
            }
            assertNotNull(completing, "EpochChangeDone of epoch " + epoch + " came from a node's signed "
                    + "epoch_sync_done: " + executed);
            int reportedWeight = 0;
            for (SyncReport r : executed) {
                if (r.checkpoint() <= completing.checkpoint()) {
                    reportedWeight += weight.get(r.nodeId());
                }
            }
            assertTrue(now.isQuorum(reportedWeight), "the reports up to the completing one hold a quorum: "
                    + reportedWeight + " of " + now.nShards());
            try (Chain reader = clientConfig.openChain(true)) {
                long left = ((dev.walrusstream.sui.chain.SuiChain) reader).client()
                        .balance(operators.get(joinerId), SuiServices.SUI_COIN_TYPE).total();
                assertTrue(left < ChainBackend.NODE_GAS_MIST, "the joiner paid its report's gas in SUI: " + left);
            }

            // the joiner's health: every shard it gained is ready, slivers came from the leaver
            LocalNetwork.NodeEntry j = net.manifest().nodes().get(spare);
            JsonNode health = health(j);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (health.path("epochChange").path("syncReportedEpoch").asInt() < epoch) {
                assertTrue(System.nanoTime() < deadline, "the joiner's health shows its report: " + health);
                LockSupport.parkNanos(200_000_000L);
                health = health(j);
            }
            for (int s : moving) {
                assertEquals("ready", health.path("shards").path(Integer.toString(s)).asText(), "shard " + s + ": "
                        + health);
            }
            assertTrue(health.path("epochChange").path("transferredSlivers").asLong() >= 2L * moving.size(),
                    "slivers of the moved shards came from the leaver: " + health);

            // the blobs read back from the new committee
            try (Chain chain = clientConfig.openChain(true); StorageClient client = new StorageClient(chain, options)) {
                for (int k = 0; k < blobs.size(); k++) {
                    assertArrayEquals(contents.get(k), client.read(blobs.get(k)), "blob " + k + " after the change");
                }
            }
            assertEquals(EpochState.Phase.DONE, sui.epochState().phase());
        }
    }

    private JsonNode health(LocalNetwork.NodeEntry e) throws Exception {
        String address = e.address() != null ? e.address() : "127.0.0.1:" + e.port();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("success").path("data");
    }
}
