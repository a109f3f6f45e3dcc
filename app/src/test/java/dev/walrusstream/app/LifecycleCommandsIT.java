package dev.walrusstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** extend, delete, list-blobs and store --dry-run through the launcher against a running local network. */
class LifecycleCommandsIT {
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

    static Path file(String name, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    static JsonNode storeJson(Path file, String... flags) throws Exception {
        String[] args = new String[flags.length + 5];
        args[0] = "store";
        args[1] = "--config";
        args[2] = config;
        args[3] = "--json";
        System.arraycopy(flags, 0, args, 4, flags.length);
        args[args.length - 1] = file.toString();
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.exit(), r.out() + r.err());
        return JSON.readTree(r.out()).get(0);
    }

    static long eventCount() {
        return network.chain().events(EventCursor.START, 100_000, Duration.ZERO).events().size();
    }

    @Test
    void dryRunPrintsWhatAStoreWouldCostAndTouchesNothingOnChain() throws Exception {
        Path f = file("dry.bin", 200_000, 1);
        byte[] data = Files.readAllBytes(f);
        BlobId expected = RedStuff.create().encode(10, data).blobId();
        long balance = network.chain().balance(network.account());
        long events = eventCount();

        Cli.Run dry = Cli.run("store", "--config", config, "--epochs", "3", "--dry-run", "--json", f.toString());
        assertEquals(0, dry.exit(), dry.out() + dry.err());
        JsonNode d = JSON.readTree(dry.out()).get(0);
        assertEquals(expected.base64Url(), d.path("blobId").asText());
        assertEquals(200_000, d.path("unencodedSize").asLong());
        assertTrue(d.path("encodedSize").asLong() > 200_000, dry.out());
        Cli.Run human = Cli.run("store", "--config", config, "--dry-run", f.toString());
        assertTrue(human.out().contains("Blob ID: " + expected) && human.out().contains("Cost (excluding gas)"),
                human.out());

        assertEquals(balance, network.chain().balance(network.account()), "dry run paid nothing");
        assertEquals(events, eventCount(), "dry run emitted no chain event");
        assertInstanceOf(BlobStatus.Nonexistent.class, network.chain().blobStatus(expected));

        JsonNode stored = storeJson(f, "--epochs", "3");
        JsonNode created = stored.path("blobStoreResult").path("newlyCreated");
        assertEquals(expected.base64Url(), created.path("blobObject").path("blobId").asText());
        assertEquals(d.path("totalCost").asLong(), created.path("cost").asLong(), "the dry run's price is what a store paid");
        assertEquals(d.path("encodedSize").asLong(), created.path("resourceOperation").path("registerFromScratch")
                .path("encodedLength").asLong());
        assertEquals(balance - d.path("totalCost").asLong(), network.chain().balance(network.account()));
    }

    @Test
    void extendMovesTheEndEpochByExactlyNAndToAGivenEpoch() throws Exception {
        JsonNode obj = storeJson(file("ext.bin", 5_000, 2), "--epochs", "2").path("blobStoreResult")
                .path("newlyCreated").path("blobObject");
        String id = obj.path("id").asText();
        int end = obj.path("storage").path("endEpoch").asInt();
        long balance = network.chain().balance(network.account());

        Cli.Run ext = Cli.run("extend", "--config", config, "--blob-obj-id", id, "--epochs-extended", "3", "--json");
        assertEquals(0, ext.exit(), ext.out() + ext.err());
        JsonNode x = JSON.readTree(ext.out());
        assertEquals(3, x.path("epochsExtended").asInt());
        assertEquals(end + 3, x.path("endEpoch").asInt());
        assertEquals(end + 3, network.chain().blobObject(ObjectId.parse(id)).orElseThrow().endEpoch());
        assertEquals(balance - x.path("cost").asLong(), network.chain().balance(network.account()));
        assertTrue(x.path("cost").asLong() > 0);

        Cli.Run to = Cli.run("extend", "--config", config, "--blob-obj-id", id, "--end-epoch", String.valueOf(end + 5));
        assertEquals(0, to.exit(), to.out() + to.err());
        assertTrue(to.out().contains((end + 3) + " -> " + (end + 5)), to.out());
        assertEquals(end + 5, network.chain().blobObject(ObjectId.parse(id)).orElseThrow().endEpoch());

        Cli.Run back = Cli.run("extend", "--config", config, "--blob-obj-id", id, "--end-epoch", String.valueOf(end));
        assertEquals(1, back.exit());
        assertTrue(back.err().contains("--end-epoch " + end) && back.err().contains(String.valueOf(end + 5)), back.err());
        Cli.Run bad = Cli.run("extend", "--config", config, "--blob-obj-id", "0xzz", "--epochs-extended", "1");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("0xzz"), bad.err());
        Cli.Run both = Cli.run("extend", "--config", config, "--blob-obj-id", id, "--epochs-extended", "1",
                "--end-epoch", "9");
        assertTrue(both.exit() != 0 && both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void deleteFreesADeletableBlobAndRefusesPermanentOnes() throws Exception {
        Path f = file("del.bin", 7_000, 3);
        JsonNode obj = storeJson(f, "--epochs", "2", "--deletable").path("blobStoreResult").path("newlyCreated")
                .path("blobObject");
        String blobId = obj.path("blobId").asText();
        String objectId = obj.path("id").asText();
        assertTrue(network.chain().blobStatus(BlobId.parse(blobId)).isRegistered());

        Cli.Run unconfirmed = Cli.run("delete", "--config", config, "--blob-id", blobId);
        assertEquals(1, unconfirmed.exit());
        assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.err());
        assertTrue(network.chain().blobObject(ObjectId.parse(objectId)).isPresent(), "nothing deleted unconfirmed");

        Cli.Run del = Cli.run("delete", "--config", config, "--blob-id", blobId, "--yes", "--json");
        assertEquals(0, del.exit(), del.out() + del.err());
        JsonNode d = JSON.readTree(del.out());
        assertEquals(1, d.path("deletedBlobs").size());
        assertEquals(objectId, d.path("deletedBlobs").get(0).path("id").asText());
        assertFalse(d.path("noBlobsFound").asBoolean());
        assertTrue(network.chain().blobObject(ObjectId.parse(objectId)).isEmpty(), "the blob object is gone");
        assertInstanceOf(BlobStatus.Nonexistent.class, network.chain().blobStatus(BlobId.parse(blobId)));
        Cli.Run list = Cli.run("list-blobs", "--config", config, "--json");
        assertFalse(list.out().contains(objectId), list.out());
        Cli.Run again = Cli.run("delete", "--config", config, "--blob-id", blobId, "--yes", "--json");
        assertTrue(JSON.readTree(again.out()).path("noBlobsFound").asBoolean(), again.out());

        String permanent = storeJson(file("perm.bin", 3_000, 4), "--permanent").path("blobStoreResult")
                .path("newlyCreated").path("blobObject").path("id").asText();
        Cli.Run refused = Cli.run("delete", "--config", config, "--object-id", permanent, "--yes");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains(permanent) && refused.err().contains("permanent"), refused.err());
        assertTrue(network.chain().blobObject(ObjectId.parse(permanent)).isPresent());
    }

    @Test
    void listBlobsShowsOwnedObjectsAndExpiredOnesOnlyWhenAsked() throws Exception {
        JsonNode shortLived = storeJson(file("short.bin", 4_000, 5), "--epochs", "1").path("blobStoreResult")
                .path("newlyCreated").path("blobObject");
        JsonNode longLived = storeJson(file("long.bin", 4_000, 6), "--epochs", "20").path("blobStoreResult")
                .path("newlyCreated").path("blobObject");
        Cli.Run list = Cli.run("list-blobs", "--config", config, "--json");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains(shortLived.path("id").asText()), list.out());
        assertTrue(list.out().contains(longLived.path("id").asText()), list.out());

        int end = shortLived.path("storage").path("endEpoch").asInt();
        while (network.chain().currentEpoch() < end) {
            network.chain().advanceEpoch();
        }
        Cli.Run after = Cli.run("list-blobs", "--config", config, "--json");
        assertFalse(after.out().contains(shortLived.path("id").asText()), "expired object hidden: " + after.out());
        assertTrue(after.out().contains(longLived.path("id").asText()), after.out());
        Cli.Run all = Cli.run("list-blobs", "--config", config, "--include-expired", "--json");
        assertTrue(all.out().contains(shortLived.path("id").asText()), all.out());
        for (JsonNode b : JSON.readTree(all.out())) {
            assertTrue(b.path("id").asText().startsWith("0x"));
        }
        Cli.Run human = Cli.run("list-blobs", "--config", config, "--include-expired");
        assertTrue(human.out().contains("(exp)") && human.out().contains(longLived.path("blobId").asText()), human.out());
    }
}
