package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.node.Misbehaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byzantine storage nodes over real HTTP: a node that signs wrongly, signs for another blob or for
 * another epoch, or accepts slivers and loses them before confirming is excluded from the
 * certificate (its confirmation is checked on its own once the aggregate fails) and the write still
 * certifies with the honest quorum; with too many such nodes the store fails without a certificate.
 */
class ByzantineNodesIT {
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
        if (client != null) {
            client.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @AfterEach
    void honestAgain() {
        for (int i = 0; i < network.size(); i++) {
            network.node(i).misbehave(Misbehaviour.HONEST);
        }
    }

    /** The node holding the fewest shards, so the others keep a quorum without it. */
    static int smallestNode() {
        int best = 0;
        for (int i = 1; i < network.size(); i++) {
            if (network.shardsOf(i).size() < network.shardsOf(best).size()) {
                best = i;
            }
        }
        return best;
    }

    @ParameterizedTest
    @EnumSource(value = Misbehaviour.class, names = {"WRONG_SIGNATURE", "OTHER_BLOB", "OTHER_EPOCH", "LOSES_SLIVERS"})
    void oneByzantineNodeIsExcludedAndTheBlobStillCertifies(Misbehaviour misbehaviour) throws Exception {
        int bad = smallestNode();
        network.node(bad).misbehave(misbehaviour);
        byte[] data = Networks.random(150_000, 100 + misbehaviour.ordinal());
        StoreResult result = client.store(data, StoreOptions.permanent(2));
        StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class, result, String.valueOf(result));
        String badName = network.node(bad).name();
        assertTrue(created.failedNodes().stream().anyMatch(f -> f.contains(badName)),
                badName + " is named among the failed nodes: " + created.failedNodes());
        assertFalse(created.confirmedBy().stream().anyMatch(c -> c.contains(badName)),
                badName + " is not among the signers: " + created.confirmedBy());
        BlobObject object = created.blobObject();
        assertTrue(client.chain().blobObject(object.id()).orElseThrow().isCertified(), "the chain accepted the certificate");
        assertArrayEquals(data, client.read(created.blobId()), "and the blob reads back");
    }

    @Test
    void tooManyByzantineNodesLeaveNoQuorumAndNoCertificate() throws Exception {
        network.node(0).misbehave(Misbehaviour.OTHER_EPOCH);
        network.node(1).misbehave(Misbehaviour.WRONG_SIGNATURE);
        network.node(2).misbehave(Misbehaviour.OTHER_BLOB);
        byte[] data = Networks.random(50_000, 7);
        StoreResult result = client.store(data, StoreOptions.permanent(2));
        StoreResult.Failed failed = assertInstanceOf(StoreResult.Failed.class, result, String.valueOf(result));
        assertEquals(Phase.CONFIRM, failed.phase(), failed.message());
        BlobId id = failed.blobId();
        List<BlobObject> objects = client.chain().ownedBlobObjects(id);
        assertEquals(1, objects.size());
        assertFalse(objects.get(0).isCertified(), "no certificate from a minority");
        // once the nodes behave, the same blob reuses its registration and certifies
        honestAgain();
        StoreResult again = client.store(data, StoreOptions.permanent(2));
        StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class, again, String.valueOf(again));
        assertInstanceOf(RegisterOp.ReuseRegistration.class, created.resourceOperation(), "the paid registration is reused");
        assertEquals(1, client.chain().ownedBlobObjects(id).size());
    }
}
