package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Store and read back over real HTTP: 4 nodes, 10 shards, LocalChain served on loopback. */
class StoreReadIT {
    @TempDir
    static Path dir;
    static LocalNetwork network;
    static StorageClient client;

    @BeforeAll
    static void start() throws Exception {
        network = Networks.start(dir, 4, 10);
        client = Clients.client(network);
    }

    @AfterAll
    static void stop() {
        client.close();
        network.close();
    }

    @Test
    void storesAndReadsBlobsOfSeveralSizes() throws Exception {
        for (int size : new int[] {0, 1, 1000, 65_537, 1_000_000}) {
            byte[] data = Networks.random(size, size);
            long before = client.chain().balance(network.account());
            StoreResult r = client.store(data, StoreOptions.permanent(3));
            StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
            assertEquals(RedStuff.create().encode(10, data).blobId(), created.blobId());
            assertEquals(1, created.blobObject().certifiedEpoch());
            assertEquals(4, created.blobObject().endEpoch());
            assertEquals(before - created.cost(), client.chain().balance(network.account()));
            assertInstanceOf(RegisterOp.RegisterFromScratch.class, created.resourceOperation());
            assertTrue(created.confirmedBy().size() >= 3, created.confirmedBy().toString());
            BlobStatus status = client.chain().blobStatus(created.blobId());
            assertTrue(status instanceof BlobStatus.Permanent p && p.certified() && p.endEpoch() == 4, status.toString());
            assertArrayEquals(data, client.read(created.blobId()), "size " + size);
        }
    }

    @Test
    void alreadyCertifiedBlobsAreNotPaidTwice() throws Exception {
        byte[] data = Networks.random(5000, 42);
        StoreResult first = client.store(data, StoreOptions.permanent(5));
        assertInstanceOf(StoreResult.NewlyCreated.class, first, first.toString());
        long balance = client.chain().balance(network.account());
        StoreResult again = client.store(data, StoreOptions.permanent(2));
        StoreResult.AlreadyCertified already = assertInstanceOf(StoreResult.AlreadyCertified.class, again);
        assertEquals(6, already.endEpoch());
        assertEquals(((StoreResult.NewlyCreated) first).certifiedEvent(), already.event());
        assertEquals(balance, client.chain().balance(network.account()), "nothing may be paid for a certified blob");
        // asking for longer than it is stored extends this account's blob instead of registering anew
        StoreResult longer = client.store(data, StoreOptions.permanent(8));
        StoreResult.NewlyCreated extended = assertInstanceOf(StoreResult.NewlyCreated.class, longer, longer.toString());
        assertEquals(new RegisterOp.ReuseAndExtend(extended.resourceOperation().encodedLength(), 3), extended.resourceOperation());
        assertEquals(9, extended.blobObject().endEpoch());
    }

    @Test
    void deletableBlobsCertifyPerObjectAndCanBeDeleted() throws Exception {
        byte[] data = Networks.random(3000, 7);
        StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class,
                client.store(data, StoreOptions.deletable(2)));
        assertTrue(created.blobObject().deletable());
        assertEquals(new BlobStatus.Deletable(1, new dev.walrusstream.chain.DeletableCounts(1, 1)),
                client.chain().blobStatus(created.blobId()));
        StoreResult again = client.store(data, StoreOptions.deletable(2));
        StoreResult.AlreadyCertified already = assertInstanceOf(StoreResult.AlreadyCertified.class, again);
        assertEquals(created.blobObject().id(), already.object());
        assertNull(already.event());
        assertArrayEquals(data, client.read(created.blobId()));
        BlobStatusReport report = client.status(created.blobId());
        assertEquals(4, report.nodes().size());
        awaitNodes(report.blobId());
        client.chain().deleteBlob(created.blobObject().id());
        ReadException gone = assertThrows(ReadException.class, () -> client.read(created.blobId()));
        assertEquals(ReadException.Reason.NOT_FOUND, gone.reason());
    }

    private static void awaitNodes(BlobId id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (client.status(id).nodes().stream().allMatch(n -> n.status() instanceof BlobStatus.Deletable d
                    && d.initialCertifiedEpoch() != null)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nodes never reported the blob certified: " + client.status(id));
    }

    @Test
    void unknownBlobsAreReportedAsSuch() throws Exception {
        BlobId unknown = BlobId.of(new byte[32]);
        ReadException e = assertThrows(ReadException.class, () -> client.read(unknown));
        assertEquals(ReadException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains(unknown.base64Url()));
        BlobStatusReport report = client.status(unknown);
        assertEquals(BlobStatus.Nonexistent.INSTANCE, report.chainStatus());
        assertTrue(report.nodes().stream().allMatch(n -> n.status() == BlobStatus.Nonexistent.INSTANCE), report.toString());
    }

    @Test
    void tooLargeBlobsFailInTheEncodePhase() throws Exception {
        byte[] tooBig = new byte[4 * 7 * 65534 + 1];
        StoreResult r = client.store(tooBig, StoreOptions.permanent(1));
        StoreResult.Failed failed = assertInstanceOf(StoreResult.Failed.class, r);
        assertEquals(Phase.ENCODE, failed.phase());
        assertTrue(failed.message().contains("too large"), failed.message());
        assertNull(failed.blobId());
        assertTrue(Arrays.asList(Phase.values()).contains(failed.phase()));
    }

    @Test
    void tooManyEpochsFailInTheRegisterPhase() throws Exception {
        StoreResult r = client.store(Networks.random(10, 1), StoreOptions.permanent(54));
        StoreResult.Failed failed = assertInstanceOf(StoreResult.Failed.class, r);
        assertEquals(Phase.REGISTER, failed.phase());
        assertTrue(failed.message().startsWith("INVALID_EPOCHS_AHEAD"), failed.message());
    }
}
