package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.client.BlobKeeper;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestEntry;
import dev.walrusstream.schemas.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keeper on a running local network: blobs kept alive across epoch changes, stopped at its budget. */
class KeeperIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static LocalNetwork network;
    static String config;

    @BeforeAll
    static void start() throws Exception {
        Cli.Network started = Cli.initAndStart(dir.resolve("net"));
        network = started.network();
        config = started.config();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    static JsonNode store(String name, int epochs, long seed) throws Exception {
        byte[] data = new byte[6_000];
        new Random(seed).nextBytes(data);
        Path f = Files.write(dir.resolve(name), data);
        Cli.Run r = Cli.run("store", "--config", config, "--epochs", String.valueOf(epochs), "--json", f.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        return JSON.readTree(r.out()).get(0).path("blobStoreResult").path("newlyCreated").path("blobObject");
    }

    @Test
    void keepsADatasetAliveAcrossEpochChangesAndStopsAtItsBudget() throws Exception {
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(ObjectId.parse(store("kept-" + i + ".bin", 2, 100 + i).path("id").asText()));
        }
        ClientConfig cfg = ClientConfig.read(Path.of(config));
        try (Chain chain = cfg.openChain()) {
            ChainInfo info = chain.info();
            long perRound = 0;
            for (ObjectId id : ids) {
                perRound += info.storageCost(chain.blobObject(id).orElseThrow().storage().storageSize(), 2);
            }
            long budget = 2 * perRound + perRound / 2;
            BlobKeeper keeper = new BlobKeeper(chain, "footage", ids, new BlobKeeper.Settings(2, 2, 2, budget));
            LinkedBlockingQueue<BlobKeeper.Round> rounds = new LinkedBlockingQueue<>();
            BlobKeeper.Round[] last = new BlobKeeper.Round[1];
            Thread follower = new Thread(() -> last[0] = keeper.follow(rounds::add, () -> true), "keeper");
            follower.start();
            try {
                BlobKeeper.Round first = rounds.poll(60, TimeUnit.SECONDS);
                assertNotNull(first, "the keeper ran its first round");
                assertTrue(first.renewed().isEmpty(), "2 epochs left is not fewer than 2: " + first);

                int renewalRounds = 0;
                BlobKeeper.Round round = first;
                while (round.stopped().isEmpty()) {
                    int epoch = network.chain().advanceEpoch();
                    round = awaitRound(rounds, epoch);
                    for (ObjectId id : ids) {
                        BlobObject o = chain.blobObject(id).orElseThrow();
                        assertTrue(o.endEpoch() > epoch, "blob object " + id + " alive at epoch " + epoch + ": " + o);
                    }
                    if (!round.renewed().isEmpty()) {
                        renewalRounds++;
                        assertEquals(3, round.renewed().size(), round.toString());
                        assertEquals(2, round.renewed().stream().map(BlobKeeper.Renewal::txDigest).distinct().count(),
                                "3 renewals in batches of 2 are 2 transactions: " + round);
                        for (BlobKeeper.Renewal r : round.renewed()) {
                            assertEquals(r.oldEndEpoch() + 2, r.newEndEpoch());
                            assertEquals(r.newEndEpoch(), keeper.endEpochs().get(r.objectId()),
                                    "new end epochs for the manifest's next snapshot");
                        }
                    }
                    assertTrue(epoch < 20, "the keeper should have stopped at its budget by now: " + round);
                }
                assertEquals(2, renewalRounds, "the budget paid two renewal rounds");
                assertTrue(round.stopped().get().contains("KEEPER STOPPED") && round.stopped().get().contains("budget")
                        && round.stopped().get().contains("footage"), round.stopped().get());
                assertTrue(keeper.spent() <= budget && keeper.spent() == 2 * perRound, "spent " + keeper.spent());
                assertTrue(keeper.metrics().shortfalls() >= 2, "warned before and at the stop");
                assertEquals(6, keeper.metrics().renewals());
                assertEquals(4, keeper.metrics().transactions(), "two rounds of two batched transactions");
                follower.join(30_000);
                assertTrue(!follower.isAlive() && last[0].stopped().isPresent(), "the keeper stops at its budget");
            } finally {
                follower.interrupt();
                follower.join(30_000);
            }
        }
    }

    static BlobKeeper.Round awaitRound(LinkedBlockingQueue<BlobKeeper.Round> rounds, int epoch) throws Exception {
        while (true) {
            BlobKeeper.Round r = rounds.poll(60, TimeUnit.SECONDS);
            assertNotNull(r, "no keeper round for epoch " + epoch + " within 60 s");
            if (r.epoch() >= epoch) {
                return r;
            }
        }
    }

    @Test
    void keeperCommandRenewsTheBlobsOfAManifestAndExitsAtItsBudget() throws Exception {
        JsonNode a = store("manifest-a.bin", 1, 201);
        JsonNode b = store("manifest-b.bin", 1, 202);
        List<ManifestEntry> entries = new ArrayList<>();
        for (JsonNode o : List.of(a, b)) {
            entries.add(ManifestEntry.newBuilder().setUploadId("u-" + o.path("id").asText().substring(2, 8))
                    .setBlobId(o.path("blobId").asText()).setObjectId(o.path("id").asText()).setSize(6_000)
                    .setSha256(new Sha256(new byte[32])).setEndEpoch(o.path("storage").path("endEpoch").asInt())
                    .setAttributes(Map.of()).build());
        }
        DatasetManifest m = DatasetManifest.newBuilder().setDataset("lake").setVersion("v1").setCreatedAt(Instant.now())
                .setBlobs(entries).build();
        Path manifestFile = Files.write(dir.resolve("manifest.avro"), DatasetManifests.toBytes(m));
        Cli.Run stored = Cli.run("store", "--config", config, "--epochs", "10", "--json", manifestFile.toString());
        assertEquals(0, stored.exit(), stored.err());
        String manifestId = JSON.readTree(stored.out()).get(0).path("blobStoreResult").path("newlyCreated")
                .path("blobObject").path("blobId").asText();

        Cli.Run wrongDataset = Cli.run("keeper", "--config", config, "--dataset", "other", "--manifest", manifestId,
                "--once");
        assertEquals(1, wrongDataset.exit());
        assertTrue(wrongDataset.err().contains("'lake'"), wrongDataset.err());

        Cli.Run poor = Cli.run("keeper", "--config", config, "--dataset", "lake", "--manifest", manifestId, "--once",
                "--budget", "0.000000001");
        assertEquals(3, poor.exit(), poor.out() + poor.err());
        assertTrue(poor.out().contains("KEEPER STOPPED") && poor.err().contains("KEEPER STOPPED"), poor.out());
        assertEquals(a.path("storage").path("endEpoch").asInt(), network.chain().blobObject(
                ObjectId.parse(a.path("id").asText())).orElseThrow().endEpoch(), "nothing renewed beyond the budget");

        Cli.Run run = Cli.run("keeper", "--config", config, "--dataset", "lake", "--manifest", manifestId, "--once",
                "--epochs-extended", "3", "--json");
        assertEquals(0, run.exit(), run.out() + run.err());
        JsonNode round = JSON.readTree(run.out().strip().split("\n")[0]);
        assertEquals(2, round.path("renewed").size(), run.out());
        for (JsonNode r : round.path("renewed")) {
            assertEquals(r.path("oldEndEpoch").asInt() + 3, r.path("newEndEpoch").asInt());
            assertEquals(r.path("newEndEpoch").asInt(), network.chain().blobObject(
                    ObjectId.parse(r.path("objectId").asText())).orElseThrow().endEpoch());
        }
    }
}
