package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.internal.Transport;
import dev.walrusstream.client.internal.WriteSession;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes following the chain: confirmations are bound to the epoch (a certificate from the previous
 * epoch is refused and changes nothing; nodes sign for the new epoch once they see the change), and
 * nodes drop the data of deleted and expired blobs.
 */
class EpochAndLifecycleIT {
    @TempDir
    static Path dir;
    static LocalNetwork network;
    static StorageClient client;
    static Chain chain;

    @BeforeAll
    static void start() throws Exception {
        network = Networks.start(dir, 4, 10);
        chain = new LocalChainHttpClient(network.chainUrl(), network.account());
        client = new StorageClient(chain, Clients.OPTIONS);
    }

    @AfterAll
    static void stop() {
        client.close();
        network.close();
    }

    @Test
    void certificatesAreEpochBound() throws Exception {
        EncodedBlob blob = RedStuff.create().encode(10, Networks.random(20_000, 11));
        BlobObject object = chain.reserveAndRegister(blob.blobId(), blob.metadata().rootHash(), blob.unencodedLength(),
                1, false, 5).blob();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            WriteSession session = new WriteSession(new Transport(Clients.OPTIONS, pool), pool, pool);
            WriteSession.Certified old = assertInstanceOf(WriteSession.Certified.class,
                    session.run(blob, chain.committee(), object.persistence()));
            int epoch = network.chain().advanceEpoch();
            ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                    () -> chain.certifyBlob(object.id(), old.certificate()));
            assertEquals(Rule.EPOCH_MISMATCH, v.rule());
            assertFalse(chain.blobObject(object.id()).orElseThrow().isCertified(), "a refused certificate changes nothing");
            assertTrue(chain.blobStatus(blob.blobId()) instanceof BlobStatus.Permanent p && !p.certified());
            for (int i = 0; i < network.size(); i++) {
                awaitEpoch(i, epoch);
            }
            WriteSession.Certified fresh = assertInstanceOf(WriteSession.Certified.class,
                    session.run(blob, chain.committee(), object.persistence()));
            assertEquals(epoch, chain.certifyBlob(object.id(), fresh.certificate()).blob().certifiedEpoch());
            assertEquals(blob.unencodedLength(), client.read(blob.blobId()).length);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitEpoch(int node, int epoch) throws InterruptedException {
        for (int i = 0; i < 200 && network.node(node).epoch() < epoch; i++) {
            Thread.sleep(25);
        }
        assertEquals(epoch, network.node(node).epoch(), "node " + node + " did not follow the epoch change");
    }

    @Test
    void nodesDropDeletedAndExpiredBlobs() throws Exception {
        StoreResult.NewlyCreated deletable = assertInstanceOf(StoreResult.NewlyCreated.class,
                client.store(Networks.random(4_000, 12), StoreOptions.deletable(3)));
        StoreResult.NewlyCreated shortLived = assertInstanceOf(StoreResult.NewlyCreated.class,
                client.store(Networks.random(4_000, 13), StoreOptions.permanent(1)));
        awaitDataOnAllNodes(deletable.blobId(), true);
        chain.deleteBlob(deletable.blobObject().id());
        awaitDataOnAllNodes(deletable.blobId(), false);
        awaitDataOnAllNodes(shortLived.blobId(), true);
        network.chain().advanceEpoch();
        assertEquals(BlobStatus.Nonexistent.INSTANCE, chain.blobStatus(shortLived.blobId()));
        awaitDataOnAllNodes(shortLived.blobId(), false);
        ReadException e = assertThrows(ReadException.class, () -> client.read(shortLived.blobId()));
        assertEquals(ReadException.Reason.NOT_FOUND, e.reason());
    }

    private static void awaitDataOnAllNodes(BlobId id, boolean present) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            boolean all = true;
            for (int i = 0; i < network.size(); i++) {
                int pair = Networks.pairsOf(network, i, id).get(0);
                boolean has = Networks.sliverStatus(network, i, id, pair, "primary").contains("\"stored\"");
                all &= has == present;
            }
            if (all) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("nodes did not " + (present ? "store" : "drop") + " the data of " + id);
    }
}
