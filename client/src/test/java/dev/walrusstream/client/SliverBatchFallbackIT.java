package dev.walrusstream.client;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.node.Misbehaviour;
import dev.walrusstream.testsupport.Networks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client uploads a node's slivers in batches, and to a node that answers the batch endpoint as a
 * Walrus node does (404) it sends them one PUT each: the store certifies with every node's
 * confirmation either way, and the Walrus-only node holds every sliver of its shards.
 */
class SliverBatchFallbackIT {
    @TempDir
    static Path dir;
    static LocalNetwork network;

    @BeforeAll
    static void start() throws Exception {
        network = Networks.start(dir, 4, 10);
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void aNodeWithoutBatchesGetsOneSliverPerPutAndConfirms() throws Exception {
        int walrusOnly = 1;
        network.node(walrusOnly).misbehave(Misbehaviour.WALRUS_API_ONLY);
        try (StorageClient client = Clients.client(network)) {
            for (int i = 0; i < 2; i++) { // the second store finds the refusal remembered
                byte[] data = Networks.random(300_000, 40 + i);
                StoreResult result = client.store(data, StoreOptions.permanent(1));
                StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class, result, String.valueOf(result));
                assertEquals(4, created.confirmedBy().size(), created.confirmedBy() + " / failed " + created.failedNodes());
                assertTrue(created.failedNodes().isEmpty(), created.failedNodes().toString());
                assertHoldsEverySliver(walrusOnly, created.blobId());
                assertHoldsEverySliver(0, created.blobId());
                assertArrayEquals(data, client.read(created.blobId()));
            }
        } finally {
            network.node(walrusOnly).misbehave(Misbehaviour.HONEST);
        }
        // the Walrus-only node really refused the batch path
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(network.node(2).url() + "/v1/blobs/" + BlobId.of(new byte[32]).base64Url() + "/slivers"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0})).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), "an honest node parses the batch (and refuses an empty one): " + r.body());
    }

    private static void assertHoldsEverySliver(int node, BlobId id) throws Exception {
        RedStuffParams p = RedStuffParams.of(10);
        for (int shard : network.shardsOf(node)) {
            int pair = p.pairOfShard(id, shard);
            for (String type : new String[] {"primary", "secondary"}) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(network.node(node).url()
                        + "/v1/blobs/" + id.base64Url() + "/slivers/" + pair + "/" + type + "/status")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(r.body().contains("\"stored\""), "node " + node + " " + type + " sliver of pair " + pair + ": " + r.body());
            }
        }
    }
}
