package dev.walrusstream.client;

import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.testsupport.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * What a read costs on the chain (4 nodes, 10 shards, LocalChain over HTTP): every chain call of the
 * LocalChain client is one HTTP request, and read throughput on a local network is bound by them.
 * A blob certified in the current epoch costs its status and the committee, nothing more; the
 * epoch-aware choice of committee ({@link ReadCommittee}) adds the epoch state only for blobs
 * certified before the current epoch, and the previous committee only while a change is syncing.
 */
class ReadRoundTripsIT {
    @TempDir
    Path dir;

    @Test
    void readsAskTheChainForTheStatusAndTheCommitteeOnlyAndTheEpochStateOnlyForOlderBlobs() throws Exception {
        try (LocalNetwork network = Networks.start(dir, 4, 10)) {
            CountingChain counting = new CountingChain(new LocalChainHttpClient(network.chainUrl(), network.account()));
            try (StorageClient client = new StorageClient(counting.chain(), Clients.OPTIONS)) {
                List<BlobId> ids = new ArrayList<>();
                List<byte[]> data = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    byte[] d = Networks.random(100_000 + i, 700 + i);
                    StoreResult r = client.store(d, StoreOptions.permanent(5));
                    ids.add(assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString()).blobId());
                    data.add(d);
                }

                counting.reset();
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < ids.size(); i++) {
                        assertArrayEquals(data.get(i), client.read(ids.get(i)));
                    }
                }
                assertEquals(Map.of("blobStatus", 6, "committee", 6), counting.calls(),
                        "6 reads of blobs certified in this epoch: one status and one committee each");

                // a change with no stake moved is done at once: older blobs add the epoch state, not the previous committee
                assertEquals(2, network.stake().advanceEpoch());
                assertFalse(network.stake().epochState().isSyncing());
                counting.reset();
                for (int i = 0; i < ids.size(); i++) {
                    assertArrayEquals(data.get(i), client.read(ids.get(i)));
                }
                assertEquals(Map.of("blobStatus", 3, "committee", 3, "epochState", 3), counting.calls(),
                        "3 reads of blobs certified in the previous epoch, its change done");
            }
        }
    }
}
